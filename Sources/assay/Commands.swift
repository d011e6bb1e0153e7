/// Every subcommand, in the order `assay --help` lists them. A new command adds one line here.
let allCommands: [any AssayCommand.Type] = [
    InfoCommand.self,
    ScoreCommand.self,
    GenerateTextCommand.self,
    GenerateCommand.self,
    PerturbCommand.self,
    TwinCommand.self,
    ConvertCommand.self,
    OverlapCommand.self,
    AuditCommand.self,
    EvalCommand.self,
    RobustCommand.self,
    AttackCommand.self,
    PerfCommand.self,
    ArenaCommand.self,
    CompareCommand.self,
]
