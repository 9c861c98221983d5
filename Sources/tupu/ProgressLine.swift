import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A live line on standard error for long work (`ingest`): what is done, the rate, the time
/// left and the facts so far, redrawn at most a few times a second and erased at the end.
///
/// It draws only when standard error is a terminal and the user did not ask for quiet; piped
/// or redirected, a command prints exactly what it printed before.
final class ProgressLine {
    let enabled: Bool
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    private var lastDrawn: ContinuousClock.Instant?
    private var drawn = false
    /// What the command counted so far (items done, facts found), for the text of the line.
    var done = 0
    var facts = 0
    /// Redraws closer together than this are skipped.
    static let interval = Duration.milliseconds(250)

    init(quiet: Bool) {
        enabled = !quiet && isatty(STDERR_FILENO) == 1
        started = clock.now
    }

    /// Draws the line made by `text` (given the seconds since the start), unless one was drawn
    /// less than ``interval`` ago.
    func update(_ text: (Double) -> String) {
        guard enabled else { return }
        stopTicking()
        let now = clock.now
        if let lastDrawn, now - lastDrawn < Self.interval { return }
        lastDrawn = now
        drawn = true
        let elapsed = now - started
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + text(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)).utf8))
    }

    /// Runs `work`, a stage that reports nothing while it runs (reading a view from the store, a
    /// Graphviz layout), with the line `text · m:ss` redrawn from a timer thread every
    /// ``interval`` until it returns; the first drawing is made before it starts. The line is
    /// left for the next stage or ``finish()`` to replace.
    func during<T>(_ text: String, _ work: () throws -> T) rethrows -> T {
        guard enabled else { return try work() }
        tick(text)
        defer { stopTicking() }
        return try work()
    }

    /// The timer of ``tick(_:)`` and its queue, while one runs.
    private var ticking: (timer: any DispatchSourceTimer, queue: DispatchQueue)?

    /// Draws the line `text · m:ss` now, and again from a timer thread every ``interval``, until
    /// the next ``update(_:)``, ``tick(_:)`` or ``finish()``: for a stage that reports nothing
    /// while it runs and is not one call the command can wrap (``during(_:_:)``).
    func tick(_ text: String) {
        guard enabled else { return }
        stopTicking()
        let started = clock.now
        let clock = self.clock
        let draw: @Sendable () -> Void = {
            let elapsed = clock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            FileHandle.standardError.write(Data(("\r\u{1B}[K\(text) · \(ProgressLine.clockTime(seconds))").utf8))
        }
        draw()
        drawn = true
        let queue = DispatchQueue(label: "tupu.progress")
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + .milliseconds(250), repeating: .milliseconds(250))
        timer.setEventHandler(handler: draw)
        timer.resume()
        ticking = (timer, queue)
    }

    /// Stops the timer of ``tick(_:)``; a drawing under way ends before anything else is written.
    private func stopTicking() {
        guard let (timer, queue) = ticking else { return }
        timer.cancel()
        queue.sync {}
        ticking = nil
        lastDrawn = clock.now
    }

    /// Erases the line, so what the command prints next starts on a clean line.
    func finish() {
        stopTicking()
        guard drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        drawn = false
    }

    /// `ingest: 1,024/5,000 files, 12.5 MB, 3.1 MB/s, 320 files/s, 0:12 left, 15,321 facts`
    /// (without the megabytes when `bytes` is nil).
    static func ingestText(files: Int, totalFiles: Int?, bytes: Int64?, facts: Int, seconds: Double, unit: String = "files") -> String {
        let rate = seconds > 0 ? Double(files) / seconds : 0
        var parts = ["ingest: " + (totalFiles.map { "\(grouped(files))/\(grouped($0)) \(unit)" } ?? "\(grouped(files)) \(unit)")]
        if let bytes { parts.append(megabytes(bytes)) }
        if let bytes, seconds > 0 {
            let perSecond = Int64(Double(bytes) / seconds)
            parts.append(perSecond >= 1_048_576 ? megabytes(perSecond) + "/s" : "\(perSecond / 1024) KB/s")
        }
        parts.append("\(grouped(Int(rate.rounded()))) \(unit)/s")
        if let totalFiles, rate > 0, files <= totalFiles { parts.append(clockTime(Double(totalFiles - files) / rate) + " left") }
        parts.append("\(grouped(facts)) facts")
        return parts.joined(separator: ", ")
    }

    /// 1234567 → `1,234,567`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return (value < 0 ? "-" : "") + result
    }

    /// Bytes as MB with one decimal.
    static func megabytes(_ bytes: Int64) -> String {
        let tenths = (bytes * 10 + 524_288) / 1_048_576
        return "\(tenths / 10).\(tenths % 10) MB"
    }

    /// Seconds as `m:ss`, or `h:mm:ss` from an hour.
    static func clockTime(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let (hours, minutes, rest) = (total / 3600, total / 60 % 60, total % 60)
        let two = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
        return hours > 0 ? "\(hours):\(two(minutes)):\(two(rest))" : "\(minutes):\(two(rest))"
    }
}
