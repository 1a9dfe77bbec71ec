import ArgumentParser

struct Completion: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "completion",
        abstract: "Print the shell completion script for bash, zsh or fish.",
        discussion: """
            bash: source <(devenv completion bash) in ~/.bashrc. zsh: devenv completion zsh > \\
            "${fpath[1]}/_devenv". fish: devenv completion fish > ~/.config/fish/completions/devenv.fish.
            """
    )

    @Argument(help: "bash, zsh or fish.")
    var shell: String

    func validate() throws {
        guard CompletionShell(rawValue: shell) != nil else {
            throw ValidationError("unknown shell '\(shell)': choose bash, zsh or fish")
        }
    }

    func run() throws {
        print(Devenv.completionScript(for: CompletionShell(rawValue: shell)!))
    }
}
