import Foundation

/// Legacy binary Office files (`.doc`, `.ppt`, `.xls`) and RTF: converted to DOCX, PPTX or XLSX
/// with LibreOffice headless, then read by that format's extractor.
///
/// Policy:
/// - `soffice` is looked up on `PATH` (or `DMKM_SOFFICE` names it; an empty or missing path
///   means "not installed"). Without it the file is refused (`.unsupported`) with the Debian
///   package to install.
/// - Each conversion runs in a new temporary folder with a private LibreOffice profile
///   (`-env:UserInstallation=file:///tmp/…`), never the user's, and is removed afterwards. The
///   profile is seeded so that macros never run and linked content is never fetched or updated
///   (`profileSettings`). It is
///   a child process of the extractor with a time limit (`limits.conversionTimeoutSeconds`, and
///   at most 90% of the file's `timeoutSeconds`); past it the conversion is killed (`.timeout`).
/// - A conversion that produces nothing (a damaged or password-protected file) is `.malformed`
///   with what LibreOffice said.
/// - The document records `metadata["converted_with"] = "LibreOffice"` and keeps `format` as
///   the original's (doc, ppt, xls, rtf).
public struct LegacyOfficeExtractor: DocumentExtractor {
    public let format: DocumentFormat
    /// The soffice to run; nil when LibreOffice is not installed.
    public let office: String?

    public init(format: DocumentFormat, office: String? = LegacyOfficeExtractor.officeExecutable()) {
        self.format = format
        self.office = office
    }

    /// What LibreOffice writes for each legacy format, with the filter it uses, and the Debian
    /// package that provides it.
    var target: (extension: String, filter: String, package: String, name: String) {
        switch format {
        case .ppt: return ("pptx", "Impress MS PowerPoint 2007 XML", "libreoffice-impress-nogui", "PowerPoint (.ppt)")
        case .xls: return ("xlsx", "Calc MS Excel 2007 XML", "libreoffice-calc-nogui", "Excel (.xls)")
        case .rtf: return ("docx", "MS Word 2007 XML", "libreoffice-writer-nogui", "RTF (.rtf)")
        default: return ("docx", "MS Word 2007 XML", "libreoffice-writer-nogui", "Word (.doc)")
        }
    }

    /// The private profile's settings: macros never run, linked content (images, OLE objects,
    /// other files, spreadsheet links) is never updated while loading, and links to untrusted
    /// referers are blocked, so converting a submitted file fetches nothing and runs nothing of it.
    static let profileSettings = """
        <?xml version="1.0" encoding="UTF-8"?>
        <oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
        <item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
        <item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
        <item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="BlockUntrustedRefererLinks" oor:op="fuse"><value>true</value></prop></item>
        <item oor:path="/org.openoffice.Office.Writer/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>0</value></prop></item>
        <item oor:path="/org.openoffice.Office.Calc/Content/Update"><prop oor:name="Link" oor:op="fuse"><value>1</value></prop></item>
        </oor:items>
        """

    /// The soffice to run, or nil when LibreOffice is not installed.
    public static func officeExecutable() -> String? {
        if let configured = ProcessInfo.processInfo.environment["DMKM_SOFFICE"] {
            return !configured.isEmpty && FileManager.default.isExecutableFile(atPath: configured) ? configured : nil
        }
        return ChildProcess.find(["soffice", "libreoffice"])
    }

    public func extract(_ data: [UInt8], fileName: String, limits: ExtractionLimits) throws(ExtractionError) -> ExtractedDocument {
        let target = self.target
        guard let office else {
            throw ExtractionError(
                .unsupported,
                "legacy \(target.name) files are converted with LibreOffice, which is not installed: install the Debian package \(target.package) (apt-get install \(target.package))"
            )
        }
        guard data.count <= limits.maximumFileBytes else {
            throw ExtractionError(.tooLarge, "\(data.count) bytes, the limit is \(limits.maximumFileBytes)")
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("dmkm-soffice-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let input = work.appendingPathComponent("input." + format.rawValue)
        let output = work.appendingPathComponent("out")
        do {
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
            try Data(data).write(to: input)
        } catch {
            throw ExtractionError(.unsupported, "cannot prepare the conversion in \(work.path): \(error.localizedDescription)")
        }
        do {
            let user = work.appendingPathComponent("profile/user")
            try FileManager.default.createDirectory(at: user, withIntermediateDirectories: true)
            try Data(Self.profileSettings.utf8).write(to: user.appendingPathComponent("registrymodifications.xcu"))
        } catch {
            throw ExtractionError(.unsupported, "cannot prepare the LibreOffice profile in \(work.path): \(error.localizedDescription)")
        }
        let timeout = min(limits.conversionTimeoutSeconds, limits.timeoutSeconds * 0.9)
        let outcome = try ChildProcess.run(
            office,
            [
                "--headless", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
                "-env:UserInstallation=" + work.appendingPathComponent("profile").absoluteString,
                "--convert-to", target.extension + ":" + target.filter, "--outdir", output.path, input.path,
            ],
            log: work.appendingPathComponent("soffice.log").path, timeout: timeout)
        if outcome.timedOut {
            throw ExtractionError(.timeout, "LibreOffice did not convert the file within \(Int(timeout)) s")
        }
        let converted = output.appendingPathComponent("input." + target.extension)
        guard let bytes = FileManager.default.contents(atPath: converted.path), !bytes.isEmpty else {
            let said = outcome.output.split(separator: "\n").filter { !$0.contains("javaldx") }.joined(separator: " ")
            throw ExtractionError(
                .malformed,
                "LibreOffice could not convert it (damaged or password-protected?; exit status \(outcome.status)\(said.isEmpty ? "" : ": " + said))"
            )
        }
        let extractor: any DocumentExtractor =
            switch format {
            case .ppt: PPTXExtractor()
            case .xls: XLSXExtractor()
            default: DOCXExtractor()
            }
        var document = try extractor.extract(Array(bytes), fileName: fileName, limits: limits)
        document.metadata["format"] = format.rawValue
        document.metadata["converted_with"] = "LibreOffice"
        return document
    }
}
