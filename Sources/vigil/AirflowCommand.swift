import ArgumentParser
import Foundation
import VigilApp
import VigilConfig
import VigilCore
import VigilStore
import VigilUI

/// `vigil airflow ...`: the console's Airflow actions and task logs for scripts, through the same gateway. Actions use
/// the source's `actions:` credential and are recorded as --user (on --incident's timeline too) and in vigil.log.
struct AirflowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "airflow",
        abstract: "Clear a task, trigger a run, pause or unpause a DAG, print a task try's log.",
        subcommands: [Clear.self, Trigger.self, Pause.self, Unpause.self, Log.self])

    /// --config/--store, --user and --read-only as for incidents, and the source acted on.
    struct Options: ParsableArguments {
        @OptionGroup var who: IncidentCommand.Options

        @Option(help: "Also record the action on this incident's timeline, e.g. INC-3.")
        var incident: String?

        @Argument(help: "The Airflow source's name in the config.") var source: String

        func gateway() throws -> (gateway: ConfiguredOrchestrators, actor: String) {
            guard var configuration = try who.storeOptions.loadConfiguration() else {
                throw Refused("no config: vigil airflow acts on the sources of vigil.yaml (--config FILE)")
            }
            configuration.readOnly = configuration.readOnly || who.readOnly
            let path = try who.storeOptions.path(configuration)
            let store = try Store(path: path)
            let log = LogFile(nextTo: path)
            let actor = who.user.flatMap { $0.isEmpty ? nil : $0 } ?? configuration.actor()
            return (ConfiguredOrchestrators(configuration: configuration, store: store, log: { log.write($0) }), actor)
        }

        /// Carries the action out, or with `dryRun` prints what it would do; each line cleaned for the terminal.
        func run(_ action: (String) -> OrchestratorAction, dryRun: Bool = false) throws {
            let (gateway, actor) = try gateway()
            let action = action(source)
            if dryRun {
                let preview = try gateway.preview(action)
                print(TextSanitizer.singleLine("would \(action.summary):"))
                for line in preview.affected { print("  " + TextSanitizer.singleLine(line)) }
                if let note = preview.note { print(TextSanitizer.singleLine(note)) }
                printError("dry run: nothing changed (--yes carries it out)")
            } else {
                print(TextSanitizer.singleLine(try gateway.perform(action, actor: actor, incidentID: incident).text))
            }
        }
    }

    /// DAG, run and task: one task instance.
    struct TaskInstanceArguments: ParsableArguments {
        @Argument(help: "DAG id (dbt: the project).") var dag: String
        @Argument(help: "Run id.") var runID: String
        @Argument(help: "Task id (load[3] for map index 3).") var task: String
    }

    struct Clear: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Clear one task instance so it runs again; without --yes, only list what would be cleared.")
        @OptionGroup var options: Options
        @OptionGroup var instance: TaskInstanceArguments
        @Flag(help: "Carry it out (default: a dry run).") var yes = false
        @Flag(help: "Clear the tasks after it in the run too (Airflow's Downstream).") var downstream = false

        func run() throws {
            try options.run({ .clearTask(source: $0, pipelineID: instance.dag, runID: instance.runID, taskID: instance.task,
                                         downstream: downstream) },
                            dryRun: !yes)
        }
    }

    struct Trigger: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start a new run of a DAG now.")
        @OptionGroup var options: Options
        @Argument(help: "DAG id.") var dag: String

        func run() throws { try options.run { .triggerRun(source: $0, pipelineID: dag) } }
    }

    struct Pause: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Pause a DAG.")
        @OptionGroup var options: Options
        @Argument(help: "DAG id.") var dag: String

        func run() throws { try options.run { .setPaused(source: $0, pipelineID: dag, paused: true) } }
    }

    struct Unpause: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Unpause a DAG.")
        @OptionGroup var options: Options
        @Argument(help: "DAG id.") var dag: String

        func run() throws { try options.run { .setPaused(source: $0, pipelineID: dag, paused: false) } }
    }

    struct Log: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the log of one try of a task instance (dbt: the node's message and compiled SQL).")
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: "The source's name in the config.") var source: String
        @OptionGroup var instance: TaskInstanceArguments
        @Option(name: .customLong("try"), help: "Which try (default 1).") var tryNumber = 1

        func run() throws {
            guard let configuration = try storeOptions.loadConfiguration() else {
                throw Refused("no config: vigil airflow log reads the sources of vigil.yaml (--config FILE)")
            }
            let path = try storeOptions.path(configuration)
            let gateway = ConfiguredOrchestrators(configuration: configuration, store: try Store(path: path, readOnly: true),
                                                  log: { _ in })
            let log = try gateway.taskLog(TaskLogRef(source: source, pipelineID: instance.dag, runID: instance.runID, taskID: instance.task,
                                                     tryNumber: tryNumber))
            if let note = log.truncationNote { printError(TextSanitizer.singleLine(note)) }
            for line in log.lines { print(TextSanitizer.singleLine(line)) }
        }
    }
}
