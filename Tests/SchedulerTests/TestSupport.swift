import Foundation

/// An instant from a fixed ISO-8601 string such as `2026-03-29T03:00:00+02:00`.
func date(_ text: String) -> Date {
    // swift-format-ignore: NeverUseForceTry
    try! Date(text, strategy: .iso8601)
}

/// A time zone that must exist in the system database.
func zone(_ identifier: String) -> TimeZone {
    TimeZone(identifier: identifier)!
}

let utc = zone("UTC")
let oslo = zone("Europe/Oslo")
let newYork = zone("America/New_York")
let kolkata = zone("Asia/Kolkata")

/// Every value of a field, for expected sets.
let allMinutes = Array(0...59)
let allHours = Array(0...23)
let allDays = Array(1...31)
let allMonths = Array(1...12)
let allWeekdays = Array(0...6)
