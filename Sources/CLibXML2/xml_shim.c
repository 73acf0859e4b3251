#undef LIBXML_ICU_ENABLED
#include "dmkm_xml.h"

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <stdio.h>
#include <string.h>

struct dmkm_xml_document {
    xmlDocPtr doc;
};

static void copy_error(char *error, int32_t capacity, const char *fallback) {
    if (error == NULL || capacity <= 0) return;
    const xmlError *last = xmlGetLastError();
    if (last != NULL && last->message != NULL) {
        snprintf(error, (size_t)capacity, "line %d: %s", last->line, last->message);
        size_t length = strlen(error);
        while (length > 0 && (error[length - 1] == '\n' || error[length - 1] == ' ')) error[--length] = '\0';
    } else {
        snprintf(error, (size_t)capacity, "%s", fallback);
    }
}

// Swallow libxml2's own error printing (to stderr); errors are reported through `error`.
static void quiet(void *context, const char *message, ...) {
    (void)context;
    (void)message;
}

dmkm_xml_document *dmkm_xml_parse(const char *bytes, int32_t length, int32_t html, char *error, int32_t error_capacity) {
    xmlInitParser();
    xmlSetGenericErrorFunc(NULL, quiet);
    xmlResetLastError();
    if (bytes == NULL || length <= 0) {
        copy_error(error, error_capacity, "empty document");
        return NULL;
    }
    xmlDocPtr doc;
    if (html) {
        int options = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT;
        doc = htmlReadMemory(bytes, length, NULL, NULL, options);
    } else {
        // No XML_PARSE_NOENT (no entity substitution), no XML_PARSE_DTDLOAD / DTDATTR (no external
        // DTD), XML_PARSE_NONET (no network), no XML_PARSE_HUGE (libxml2's size limits stay).
        int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA | XML_PARSE_COMPACT;
        doc = xmlReadMemory(bytes, length, "document.xml", NULL, options);
    }
    if (doc == NULL || xmlDocGetRootElement(doc) == NULL) {
        copy_error(error, error_capacity, "not well-formed");
        if (doc != NULL) xmlFreeDoc(doc);
        return NULL;
    }
    dmkm_xml_document *document = (dmkm_xml_document *)malloc(sizeof(dmkm_xml_document));
    if (document == NULL) {
        xmlFreeDoc(doc);
        return NULL;
    }
    document->doc = doc;
    return document;
}

void dmkm_xml_free(dmkm_xml_document *document) {
    if (document == NULL) return;
    xmlFreeDoc(document->doc);
    free(document);
}

const void *dmkm_xml_root(const dmkm_xml_document *document) {
    return document == NULL ? NULL : xmlDocGetRootElement(document->doc);
}

const void *dmkm_xml_first_child(const void *node) { return node == NULL ? NULL : ((const xmlNode *)node)->children; }
const void *dmkm_xml_next_sibling(const void *node) { return node == NULL ? NULL : ((const xmlNode *)node)->next; }
int32_t dmkm_xml_node_type(const void *node) { return node == NULL ? 0 : (int32_t)((const xmlNode *)node)->type; }

const char *dmkm_xml_node_name(const void *node) {
    return node == NULL ? NULL : (const char *)((const xmlNode *)node)->name;
}

const char *dmkm_xml_node_namespace(const void *node) {
    const xmlNode *element = (const xmlNode *)node;
    if (element == NULL || element->ns == NULL) return NULL;
    return (const char *)element->ns->href;
}

const char *dmkm_xml_node_text(const void *node) {
    const xmlNode *text = (const xmlNode *)node;
    if (text == NULL || (text->type != XML_TEXT_NODE && text->type != XML_CDATA_SECTION_NODE)) return NULL;
    return (const char *)text->content;
}

char *dmkm_xml_attribute(const void *node, const char *name) {
    if (node == NULL || name == NULL) return NULL;
    return (char *)xmlGetNoNsProp((const xmlNode *)node, (const xmlChar *)name);
}

char *dmkm_xml_attribute_ns(const void *node, const char *name, const char *namespace_uri) {
    if (node == NULL || name == NULL) return NULL;
    return (char *)xmlGetNsProp((const xmlNode *)node, (const xmlChar *)name, (const xmlChar *)namespace_uri);
}

void dmkm_xml_string_free(char *string) {
    if (string != NULL) xmlFree(string);
}
