import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Deletes a folder a sandboxed program may have filled with anything: thousands of nested
/// folders (deeper than PATH_MAX and than the open-file limit), folders without permissions,
/// symbolic links (removed, never followed). It walks with directory descriptors (`openat`,
/// `unlinkat`) holding one at a time and climbs back through "..", so neither the depth nor
/// the path length matters. What cannot be removed is reported, never silently left behind.
enum TreeRemover {
    struct Failure: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "could not remove \(path) completely: \(reason); delete it by hand" }
    }

    /// Removes `path` and everything under it.
    static func remove(_ path: String) throws(Failure) {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return }
            throw Failure(path: path, reason: String(cString: strerror(errno)))
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            guard unlink(path) == 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
            return
        }
        chmod(path, 0o700)
        var fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)
        guard fd >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
        var depth = 0
        var stuck = Set<[UInt64]>()   // (device, inode) of folders that could not be emptied
        var firstError: String?
        var descents = 0
        while true {
            let step = emptyOrDescend(fd, stuck: stuck, error: &firstError)
            if case .descend(let child) = step {
                descents += 1
                // Only a process still writing into the tree could keep it growing this long.
                guard descents < 10_000_000 else {
                    close(child)
                    close(fd)
                    throw Failure(path: path, reason: "it keeps growing (is a process still writing into it?)")
                }
                close(fd)
                fd = child
                depth += 1
                continue
            }
            // This folder is as empty as it gets. Climb; the parent's next pass removes it, or
            // skips it when something in it could not be removed.
            if depth == 0 { break }
            if case .done(clean: false) = step {
                var own = stat()
                fstat(fd, &own)
                stuck.insert([UInt64(own.st_dev), UInt64(own.st_ino)])
            }
            let parent = openat(fd, "..", O_RDONLY | O_DIRECTORY)
            close(fd)
            guard parent >= 0 else { throw Failure(path: path, reason: String(cString: strerror(errno))) }
            fd = parent
            depth -= 1
        }
        close(fd)
        guard rmdir(path) == 0 else {
            throw Failure(path: path, reason: firstError ?? String(cString: strerror(errno)))
        }
    }

    private enum Step {
        /// An opened subfolder that still has entries.
        case descend(Int32)
        /// Nothing more can be done here; clean when the folder is empty.
        case done(clean: Bool)
    }

    /// Removes every entry of the folder `fd` it can, or stops at the first subfolder that
    /// still has entries and returns it opened.
    private static func emptyOrDescend(_ fd: Int32, stuck: Set<[UInt64]>, error: inout String?) -> Step {
        fchmod(fd, 0o700)   // a folder without write permission cannot lose its entries
        let listing = dup(fd)
        guard listing >= 0, let directory = fdopendir(listing) else {
            if listing >= 0 { close(listing) }
            error = error ?? String(cString: strerror(errno))
            return .done(clean: false)
        }
        var clean = true
        defer { closedir(directory) }
        rewinddir(directory)   // the duplicate shares the offset a previous pass left at the end
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name == "." || name == ".." { continue }
            if unlinkat(fd, name, 0) == 0 { continue }
            let fileError = errno   // a folder gives EISDIR here; anything else is the file's own reason
            if unlinkat(fd, name, AT_REMOVEDIR) == 0 { continue }
            var info = stat()
            let reason = "\(name): \(String(cString: strerror(fileError == EISDIR ? errno : fileError)))"
            guard fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0, info.st_mode & S_IFMT == S_IFDIR,
                  !stuck.contains([UInt64(info.st_dev), UInt64(info.st_ino)]) else {
                error = error ?? reason
                clean = false
                continue
            }
            fchmodat(fd, name, 0o700, 0)
            let child = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW)
            if child >= 0 { return .descend(child) }
            error = error ?? "\(name): \(String(cString: strerror(errno)))"
            clean = false
        }
        return .done(clean: clean)
    }
}
