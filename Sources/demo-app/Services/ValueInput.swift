import Foundation
import NIOCore

/// The value posted to the adder: the form field `value` (`value=5`) or the JSON body
/// `{"value": 5}` (a JSON string of digits, `{"value": "5"}`, is taken too).
enum ValueInput {
    /// Why the input is not a value, in words for the person who sent it.
    struct Invalid: Error, Sendable {
        var message: String
        /// What was entered, to show again in the form.
        var entered: String
    }

    static func parse(_ request: Request) -> Result<Int64, Invalid> {
        request.hasJSONBody ? parseJSON(request.body) : parseForm(request.body)
    }

    static func parseForm(_ body: ByteBuffer) -> Result<Int64, Invalid> {
        let fields = FormFields.decode(String(buffer: body))
        guard let text = fields["value"] else {
            return .failure(Invalid(message: missing, entered: ""))
        }
        return parse(text: text)
    }

    static func parseJSON(_ body: ByteBuffer) -> Result<Int64, Invalid> {
        let data = Data(body.readableBytesView)
        let decoded: JSONBody
        do {
            decoded = try JSONDecoder().decode(JSONBody.self, from: data)
        } catch DecodingError.dataCorrupted {
            return .failure(Invalid(message: "the request body is not valid JSON; send {\"value\": 5}", entered: ""))
        } catch {
            return .failure(Invalid(message: "the JSON body must be an object like {\"value\": 5}", entered: ""))
        }
        switch decoded.value {
        case nil: return .failure(Invalid(message: missing, entered: ""))
        case .integer(let value): return .success(value)
        case .text(let text): return parse(text: text)
        case .other(let text): return .failure(Invalid(message: notAnInteger(text), entered: text))
        }
    }

    /// A decimal integer, optionally signed, spaces around it ignored.
    static func parse(text: String) -> Result<Int64, Invalid> {
        let trimmed = text.trimmingSpaces()
        guard !trimmed.isEmpty else { return .failure(Invalid(message: missing, entered: text)) }
        if let value = Int64(trimmed) { return .success(value) }
        let digits = trimmed.first == "-" || trimmed.first == "+" ? trimmed.dropFirst() : Substring(trimmed)
        if !digits.isEmpty, digits.allSatisfy({ $0 >= "0" && $0 <= "9" }) {
            return .failure(Invalid(message: "value \(shortened(trimmed)) is out of range: it must be from \(Int64.min) to \(Int64.max)", entered: text))
        }
        return .failure(Invalid(message: notAnInteger(quoted(trimmed)), entered: text))
    }

    private static let missing = "value is required: send an integer, e.g. value=5 or {\"value\": 5}"

    private static func notAnInteger(_ shown: String) -> String {
        "value must be an integer (like 5 or -12), got \(shown)"
    }

    private static func quoted(_ text: String) -> String {
        "\"\(shortened(text))\""
    }

    /// At most 40 characters of `text`, so an error never echoes a whole body.
    private static func shortened(_ text: String) -> String {
        text.count > 40 ? text.prefix(40) + "…" : text
    }

    private struct JSONBody: Decodable {
        var value: Field?
    }

    /// The JSON `value` as it came: an integer, a string, or anything else (shown in the error).
    private enum Field: Decodable {
        case integer(Int64)
        case text(String)
        case other(String)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let integer = try? container.decode(Int64.self) {
                self = .integer(integer)
            } else if let text = try? container.decode(String.self) {
                self = .text(text)
            } else if let number = try? container.decode(Double.self) {
                // 5.0 is the integer 5; 5.5 and 1e30 are not values
                self = Int64(exactly: number).map(Field.integer) ?? .other("\(number)")
            } else if let flag = try? container.decode(Bool.self) {
                self = .other(String(flag))
            } else {
                self = .other("an array or object")
            }
        }
    }
}
