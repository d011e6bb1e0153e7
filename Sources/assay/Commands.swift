/// Every subcommand, in the order `assay --help` lists them. A new command adds one line here.
let allCommands: [any AssayCommand.Type] = [
    PerturbCommand.self,
]
