import DMKMCore

/// Writes indented XML. Every text and attribute value goes through `Markup.escape`, so callers
/// cannot forget to escape what came from a submission. Names are the caller's literals.
struct XMLBuilder {
    typealias Attributes = [(name: String, value: String)]

    private(set) var text = ""
    private var openElements: [String] = []
    private let baseDepth: Int

    /// A fragment whose outermost elements sit `depth` levels deep in the final document.
    init(depth: Int = 0) { baseDepth = depth }

    private var indent: String { String(repeating: "  ", count: baseDepth + openElements.count) }

    private static func startTag(_ name: String, _ attributes: Attributes) -> String {
        "<" + name + attributes.map { " \($0.name)=\"\(Markup.escape($0.value))\"" }.joined()
    }

    mutating func open(_ name: String, _ attributes: Attributes = []) {
        text += indent + Self.startTag(name, attributes) + ">\n"
        openElements.append(name)
    }

    mutating func close() {
        let name = openElements.removeLast()
        text += indent + "</" + name + ">\n"
    }

    /// `<name attributes>content</name>`, or `<name attributes/>` when `content` is nil.
    mutating func element(_ name: String, _ attributes: Attributes, _ content: String?) {
        if let content {
            text += indent + Self.startTag(name, attributes) + ">" + Markup.escape(content) + "</" + name + ">\n"
        } else {
            text += indent + Self.startTag(name, attributes) + "/>\n"
        }
    }

    mutating func element(_ name: String, _ content: String) { element(name, [], content) }

    /// Appends a fragment written by another builder (at the right depth).
    mutating func append(_ fragment: XMLBuilder) { text += fragment.text }
}
