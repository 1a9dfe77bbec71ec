import Testing

/// Every Postgres suite runs inside this one, one test at a time: each test starts its own
/// server, and running them serially keeps the timings they print (template, copy, COPY)
/// free of the tests' own contention.
@Suite(.serialized) enum PostgresSuite {}
