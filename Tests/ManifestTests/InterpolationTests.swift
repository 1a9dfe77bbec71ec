import Testing
@testable import Manifest

@Suite struct InterpolationTests {
    let variables = ["NAME": "world", "EMPTY": "", "PORT": "8080"]

    private func run(_ text: String) -> (String, [String]) {
        let (template, problems) = Interpolation(variables: { variables[$0] }).interpolate(text)
        return (template.description, problems.map(\.message))
    }

    static let cases: [(input: String, output: String)] = [
        ("hello ${NAME}", "hello world"),
        ("${NAME}${NAME}", "worldworld"),
        ("$PORT stays for the shell", "$PORT stays for the shell"),
        ("cost: $$5", "cost: $5"),
        ("literal $${NAME}", "literal $${NAME}"),       // printed back escaped: still a literal
        ("${MISSING:-fallback}", "fallback"),
        ("${EMPTY:-fallback}", "fallback"),             // :- also replaces an empty value
        ("${EMPTY-fallback}", ""),                      // - only replaces an unset one
        ("${MISSING-fallback}", "fallback"),
        ("${MISSING:-${NAME}}", "world"),                // defaults nest
        ("${MISSING:-a ${MISSING2:-b} c}", "a b c"),
        ("${NAME:?must be set}", "world"),
        ("trailing $", "trailing $"),
        ("no variables", "no variables"),
        ("${postgres.port}", "${postgres.port}"),       // references are kept for run time
        ("postgres://${postgres.host}:${postgres.port}/x", "postgres://${postgres.host}:${postgres.port}/x"),
        ("${services.adder.url}/add", "${services.adder.url}/add"),
    ]

    @Test(arguments: cases)
    func interpolates(input: String, output: String) {
        let (result, problems) = run(input)
        #expect(problems.isEmpty)
        #expect(result == output)
    }

    static let failures: [(input: String, message: String)] = [
        ("${MISSING}", "${MISSING} is not set: set MISSING in the environment or the env_file, or give a default as in ${MISSING:-value}"),
        ("${MISSING:?ask Kari}", "${MISSING} is not set: ask Kari"),
        ("${EMPTY:?}", "${EMPTY} is not set: it is required"),
        ("${NAME", "unterminated '${': add the closing '}' (write '$$' for a literal '$')"),
        ("${}", "empty '${}': name a variable, as in ${NAME}"),
        ("${9LIVES}", "invalid variable name '9LIVES' in ${…}: use letters, digits and '_', not starting with a digit"),
        ("${postgres.port:-5432}", "a reference such as ${postgres.port} takes no default or message"),
        ("${postgres.databases.app.uri}", "unknown field 'uri' in ${postgres.databases.app.uri}: use one of url, user, password, name (did you mean 'url'?)"),
        ("${posgres.port}", "unknown reference ${posgres.port}: references start with postgres., router. or services. (did you mean 'postgres'?)"),
    ]

    @Test(arguments: failures)
    func reportsProblems(input: String, message: String) {
        let (_, problems) = run(input)
        #expect(problems == [message])
    }

    @Test func problemOffsetsPointAtTheDollar() {
        let (_, problems) = Interpolation(variables: { _ in nil }).interpolate("abc ${X}")
        #expect(problems.map(\.offset) == [4])
    }

    @Test func referencesResolveAtRunTime() {
        let (template, _) = Interpolation(variables: { _ in nil }).interpolate("http://${router.host}:${router.port}/")
        #expect(template.references == [.routerHost, .routerPort])
        #expect(template.resolved { $0 == .routerHost ? "127.0.0.1" : "8080" } == "http://127.0.0.1:8080/")
        #expect(template.resolved { _ in nil } == nil)
        #expect(template.literalValue == nil)
    }
}
