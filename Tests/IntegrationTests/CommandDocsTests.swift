import Foundation
import Testing

/// `docs/commands/` is generated from the command declarations (`assay help --markdown --out`);
/// a change to an option without regenerating the pages fails here.
@Suite struct CommandDocsTests {
    @Test func committedPagesEqualWhatTheBinaryPrints() async throws {
        let folder = NSTemporaryDirectory() + "assay-docs-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try await AssayBinary.run(["help", "--markdown", "--out", folder])
        #expect(run.status == 0, "\(run.stderr)")
        let committed = TestEnvironment.packageRoot.appendingPathComponent("docs/commands").path
        let fm = FileManager.default
        let generated = try fm.contentsOfDirectory(atPath: folder).sorted()
        #expect(generated.count > 10 && generated.contains("README.md") && generated.contains("eval.md"))
        #expect(try fm.contentsOfDirectory(atPath: committed).sorted() == generated, "run `make docs`")
        for file in generated {
            let fresh = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
            let kept = try? String(contentsOfFile: committed + "/" + file, encoding: .utf8)
            #expect(kept == fresh, "docs/commands/\(file) is out of date: run `make docs`")
        }
    }

    @Test func onePageIsPrintedAndAnUnknownCommandIsAUsageError() async throws {
        let page = try await AssayBinary.run(["help", "--markdown", "perf"])
        #expect(page.status == 0 && page.stdout.hasPrefix("# `assay perf`"))
        #expect(page.stdout.contains("| `--flash-attn` |"))
        let unknown = try await AssayBinary.run(["help", "--markdown", "frobnicate"])
        #expect(unknown.status == 64 && unknown.stderr.contains("unknown command 'frobnicate'"))
    }

    /// Every relative link of README.md and docs/ names a file that exists, and an anchor names
    /// a heading of that file (GitHub's slugs), so moving a section cannot leave a dead link.
    @Test func relativeLinksResolve() throws {
        let root = TestEnvironment.packageRoot
        var pages = ["README.md"]
        let walker = try #require(FileManager.default.enumerator(atPath: root.appendingPathComponent("docs").path))
        while let file = walker.nextObject() as? String { if file.hasSuffix(".md") { pages.append("docs/" + file) } }
        #expect(pages.count > 20)
        let link = /\]\(([^)\s]+)\)/
        var checked = 0
        for page in pages {
            let text = try String(contentsOf: root.appendingPathComponent(page), encoding: .utf8)
            let folder = root.appendingPathComponent(page).deletingLastPathComponent()
            for match in text.matches(of: link) {
                let target = String(match.1)
                if target.hasPrefix("http://") || target.hasPrefix("https://") { continue }
                let parts = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let file = parts[0].isEmpty ? root.appendingPathComponent(page) : folder.appendingPathComponent(parts[0])
                #expect(FileManager.default.fileExists(atPath: file.path), "\(page): dead link \(target)")
                if parts.count == 2, let body = try? String(contentsOf: file, encoding: .utf8) {
                    #expect(Self.anchors(body).contains(parts[1]), "\(page): no heading for #\(parts[1]) in \(parts[0])")
                }
                checked += 1
            }
        }
        #expect(checked > 40)
    }

    /// GitHub's heading anchors: lowercased, punctuation other than '-' and '_' dropped, spaces
    /// to '-'. Headings inside code fences are not headings.
    static func anchors(_ markdown: String) -> Set<String> {
        var result = Set<String>()
        var fenced = false
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { fenced.toggle() }
            guard !fenced, line.hasPrefix("#") else { continue }
            let title = line.drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces)
            let slug = title.lowercased().compactMap { c -> Character? in
                if c == " " { return "-" }
                return c.isLetter || c.isNumber || c == "-" || c == "_" ? c : nil
            }
            result.insert(String(slug))
        }
        return result
    }
}
