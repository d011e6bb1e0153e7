/// One Server-Sent Event: its type (the `event:` field, nil when absent) and its data (the
/// `data:` lines joined with "\n"). `[DONE]` is ordinary data; the caller interprets it.
public struct SSEEvent: Sendable, Hashable {
    /// The `event:` field of the event, or nil when the event had none.
    public var event: String?
    /// The event's data lines joined with "\n".
    public var data: String

    /// An event of type `event` carrying `data`.
    public init(event: String? = nil, data: String) {
        self.event = event
        self.data = data
    }
}

/// An incremental parser of a `text/event-stream` body (the WHATWG HTML "server-sent events"
/// interpretation rules), fed network chunks as they arrive.
///
/// Lines end with "\n", "\r\n" or "\r" (a "\r" that ends one chunk and a "\n" that starts the
/// next are one line end); a line starting with ":" is a comment; `field: value` strips one
/// space after the colon; a line without a colon is a field with an empty value; `data` lines
/// accumulate, joined with "\n"; a blank line dispatches the event (if it has data). Bytes are
/// kept until a line is complete, so a chunk may split a field, or a multi-byte UTF-8
/// character, anywhere. `id` and `retry` fields are ignored (nothing reconnects here).
public struct SSEParser: Sendable {
    /// The bytes of the current, unfinished line.
    private var line: [UInt8] = []
    /// The last byte fed was a "\r": a "\n" that follows is part of the same line end.
    private var afterCarriageReturn = false
    /// The data buffer of the event being built: every data line followed by "\n".
    private var data: [UInt8] = []
    /// The `event:` field of the event being built.
    private var eventType: String?
    /// No line has been completed yet (a byte order mark may open the stream).
    private var atStreamStart = true

    /// A parser at the start of a stream.
    public init() {
        line.reserveCapacity(256)
        data.reserveCapacity(256)
    }

    /// Consumes a chunk of the stream and returns the events it completed, in order.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [SSEEvent] {
        var events: [SSEEvent] = []
        let handled: Void? = bytes.withContiguousStorageIfAvailable { buffer in
            consume(buffer, into: &events)
        }
        if handled == nil {
            Array(bytes).withUnsafeBufferPointer { consume($0, into: &events) }
        }
        return events
    }

    /// Ends the stream: an unfinished last line is taken as complete, and an event still
    /// being built is dispatched when it has data (the spec drops it; servers that close
    /// right after their last `data:` line are common enough to keep it).
    public mutating func finish() -> [SSEEvent] {
        var events: [SSEEvent] = []
        if !line.isEmpty {
            processLine(into: &events)
        }
        afterCarriageReturn = false
        dispatch(into: &events)
        return events
    }

    /// Splits a contiguous chunk into lines, appending completed events to `events`.
    private mutating func consume(_ buffer: UnsafeBufferPointer<UInt8>, into events: inout [SSEEvent]) {
        var start = 0
        let end = buffer.count
        if afterCarriageReturn, start < end {
            afterCarriageReturn = false
            if buffer[start] == 0x0A { start += 1 }    // the "\n" of a "\r\n" split across chunks
        }
        var index = start
        while index < end {
            let byte = buffer[index]
            if byte != 0x0A && byte != 0x0D {
                index += 1
                continue
            }
            line.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<index]))
            processLine(into: &events)
            index += 1
            if byte == 0x0D {
                if index < end {
                    if buffer[index] == 0x0A { index += 1 }
                } else {
                    afterCarriageReturn = true
                }
            }
            start = index
        }
        if start < end {
            line.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<end]))
        }
    }

    /// Interprets the completed line in `line` and clears it.
    private mutating func processLine(into events: inout [SSEEvent]) {
        defer { line.removeAll(keepingCapacity: true) }
        if atStreamStart {
            atStreamStart = false
            if line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }
        }
        guard let first = line.first else {
            dispatch(into: &events)
            return
        }
        if first == 0x3A { return }    // ":" comment
        let colon = line.firstIndex(of: 0x3A) ?? line.endIndex
        var valueStart = colon < line.endIndex ? colon + 1 : colon
        if valueStart < line.endIndex, line[valueStart] == 0x20 { valueStart += 1 }
        let name = line[..<colon]
        if name.elementsEqual("data".utf8) {
            data.append(contentsOf: line[valueStart...])
            data.append(0x0A)
        } else if name.elementsEqual("event".utf8) {
            let value = String(decoding: line[valueStart...], as: UTF8.self)
            eventType = value.isEmpty ? nil : value
        }
    }

    /// Dispatches the event being built, if it has data, and resets it.
    private mutating func dispatch(into events: inout [SSEEvent]) {
        defer {
            data.removeAll(keepingCapacity: true)
            eventType = nil
        }
        guard !data.isEmpty else { return }
        let text = String(decoding: data[..<(data.count - 1)], as: UTF8.self)
        events.append(SSEEvent(event: eventType, data: text))
    }
}
