import CLibXML2

/// A parsed XML or HTML document (libxml2 with network, DTD loading and entity substitution off).
/// Nodes are valid while the tree is alive.
final class XMLTree {
    private let document: OpaquePointer

    /// Parses `data`; a malformed document throws with libxml2's message and line.
    init(_ data: [UInt8], html: Bool) throws(ExtractionError) {
        var message = [CChar](repeating: 0, count: 512)
        let parsed: OpaquePointer? = data.withUnsafeBufferPointer { bytes in
            bytes.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) { pointer in
                dmkm_xml_parse(pointer, Int32(clamping: bytes.count), html ? 1 : 0, &message, 512)
            }
        }
        guard let parsed else {
            let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw ExtractionError(data.isEmpty ? .empty : .malformed, text.isEmpty ? "not well-formed" : text)
        }
        document = parsed
    }

    deinit { dmkm_xml_free(document) }

    var root: XMLNode? { XMLNode(dmkm_xml_root(document)) }
}

/// A node of an `XMLTree`.
struct XMLNode {
    let pointer: UnsafeRawPointer

    init?(_ pointer: UnsafeRawPointer?) {
        guard let pointer else { return nil }
        self.pointer = pointer
    }

    var isElement: Bool { dmkm_xml_node_type(pointer) == 1 }
    var isText: Bool { let type = dmkm_xml_node_type(pointer); return type == 3 || type == 4 }

    /// Local name, lower-cased for HTML callers to compare easily.
    var name: String { dmkm_xml_node_name(pointer).map { String(cString: $0) } ?? "" }
    var namespace: String? { dmkm_xml_node_namespace(pointer).map { String(cString: $0) } }
    var textValue: String? { dmkm_xml_node_text(pointer).map { String(cString: $0) } }

    var children: [XMLNode] {
        var result: [XMLNode] = []
        var child = XMLNode(dmkm_xml_first_child(pointer))
        while let node = child {
            result.append(node)
            child = XMLNode(dmkm_xml_next_sibling(node.pointer))
        }
        return result
    }

    var elements: [XMLNode] { children.filter(\.isElement) }

    func attribute(_ name: String) -> String? {
        guard let value = dmkm_xml_attribute(pointer, name) else { return nil }
        defer { dmkm_xml_string_free(value) }
        return String(cString: value)
    }

    func attribute(_ name: String, namespace: String) -> String? {
        guard let value = dmkm_xml_attribute_ns(pointer, name, namespace) else { return nil }
        defer { dmkm_xml_string_free(value) }
        return String(cString: value)
    }

    /// All text below this node, in document order (entity references stay unexpanded).
    var allText: String {
        var text = ""
        appendText(to: &text)
        return text
    }

    private func appendText(to text: inout String) {
        if let value = textValue {
            text += value
            return
        }
        // Not into entity references: their children are the (shared, possibly cyclic) declarations.
        for child in children where child.isElement || child.isText { child.appendText(to: &text) }
    }

    /// Every element below (and including) this one, depth first.
    func descendants(where predicate: (XMLNode) -> Bool) -> [XMLNode] {
        var found: [XMLNode] = []
        var stack: [XMLNode] = [self]
        while let node = stack.popLast() {
            if node.isElement && predicate(node) { found.append(node) }
            stack.append(contentsOf: node.children.filter(\.isElement).reversed())
        }
        return found
    }

    func first(named name: String) -> XMLNode? { descendants { $0.name == name }.first }
}
