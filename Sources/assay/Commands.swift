/// Every subcommand, in the order `assay --help` lists them. A new command adds one line here;
/// a sub-subcommand is named "command sub" (`overlap merge`).
let allCommands: [any AssayCommand.Type] = [
    InfoCommand.self,
    ScoreCommand.self,
    GenerateTextCommand.self,
    GenerateCommand.self,
    PerturbCommand.self,
    TwinCommand.self,
    ConvertCommand.self,
    OverlapCommand.self,
    OverlapMergeCommand.self,
    AuditCommand.self,
    EvalCommand.self,
    RobustCommand.self,
    AttackCommand.self,
    PerfCommand.self,
    ArenaCommand.self,
    CompareCommand.self,
]
