import AssayKit

// The enumerations the commands read from an option by name (`Option<ArenaMode>("mode", …)`);
// a wrong name is a usage error listing the cases.
extension ArenaMode: OptionChoice {}
extension BenchmarkFormat: OptionChoice {}
extension ComparisonReport.Layout: OptionChoice {}
extension EvalMode: OptionChoice {}
extension JudgeScale: OptionChoice {}
extension OverlapOptions.Mode: OptionChoice {}
extension VerdictMethod: OptionChoice {}
