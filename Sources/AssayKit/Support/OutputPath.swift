import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where a command writes a file the user named (`--output`): written through the path, never
/// replaced. A symbolic link is followed, a device or FIFO (`/dev/null`, `/dev/stdout`, a pipe)
/// is written into, a regular file is truncated or appended to; "-" is standard output. And an
/// output that is one of the command's inputs is refused before anything is truncated.
public enum OutputPath {
    /// Whether `path` means standard output.
    public static func isStandardOutput(_ path: String) -> Bool { path == "-" }

    /// Opens `path` for writing through it; missing parent folders are created.
    public static func open(_ path: String, append: Bool) throws -> FileHandle {
        if isStandardOutput(path) { return FileHandle.standardOutput }
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: parent.path) {
            do {
                try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
            } catch {
                throw InputError.unwritable(path: path, reason: error.localizedDescription)
            }
        }
        let descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC), 0o644)
        guard descriptor >= 0 else { throw InputError.unwritable(path: path, reason: String(cString: strerror(errno))) }
        return FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    /// Throws when `output` is the same file as one of `inputs` (by device and inode, so a link
    /// or another spelling of the path is caught too); standard streams and missing files pass.
    public static func refuseOverwriting(_ inputs: [String], with output: String) throws {
        guard !isStandardOutput(output), let target = identity(output) else { return }
        for input in inputs where input != "-" {
            if identity(input) == target {
                throw InputError.unwritable(path: output, reason: "it is also the input \(input); write to another file")
            }
        }
    }

    /// The device and inode of the file at `path` (links followed), nil when there is none.
    static func identity(_ path: String) -> [UInt64]? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return [UInt64(info.st_dev), UInt64(info.st_ino)]
    }
}
