import Testing

@testable import Engine

@Suite struct EarlyStartTargetTests {
    private func target(_ line: String, _ environment: [String: String] = [:]) -> EarlyStart.Target? {
        EarlyStart.Target(upCommandLine: ["devenv"] + line.split(separator: " ").map(String.init), processEnvironment: environment)
    }

    @Test func theEnvironmentIsNamedAsTheCLINamesIt() {
        #expect(target("up") == .init(directory: nil, environment: "dev"))
        #expect(target("up", ["DEVENV_ENV": "staging"]) == .init(directory: nil, environment: "staging"))
        #expect(target("up", ["DEVENV_ENV": ""]) == .init(directory: nil, environment: "dev"))
        #expect(target("up -e prod", ["DEVENV_ENV": "staging"]) == .init(directory: nil, environment: "prod"))
        #expect(target("up --env prod") == .init(directory: nil, environment: "prod"))
        #expect(target("up qa -e prod") == .init(directory: nil, environment: "qa"), "the positional wins over -e")
        #expect(target("up -C /srv/app qa --timeout 2m") == .init(directory: "/srv/app", environment: "qa"))
    }

    @Test func anythingButAPlainUpIsLeftToTheParser() {
        for line in ["down", "up --attach", "up --timeout soon", "up --timeout 0x", "up --env=prod", "up -eprod", "up -e", "up -e a -e b", "up a b",
                     "up -C a -C b", "up --help", "up -h", "up --timeout", "up --bogus x", "status dev", "up -e -C"] {
            #expect(target(line) == nil, "\(line)")
        }
        #expect(EarlyStart.Target(upCommandLine: ["devenv"], processEnvironment: [:]) == nil)
    }
}
