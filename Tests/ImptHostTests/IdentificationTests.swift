import Testing

@testable import ImptHostKit

@Suite struct IdentificationTests {
    @Test func macAddressesInEveryFormHaveOneCanonicalForm() {
        for form in ["0c:2a:69:05:0d:62", "0C:2A:69:05:0D:62", "0c-2a-69-05-0d-62", "0C2A69050D62", "0c:2a-69:05-0d:62"] {
            #expect(Identification.canonicalMAC(form) == "0c:2a:69:05:0d:62", "\(form)")
        }
    }

    @Test func otherIdentifiersAreNotMacAddresses() {
        for text in ["", "0c:2a:69:05:0d", "0c:2a:69:05:0d:6g", "0c.2a.69.05.0d.62", "0c:2a:69:05:0d:621", "234776801163a9ee",
                     "T1oUmIZ3At_N", "0c2a69050d6", "0c:2a69:05:0d:62:"] {
            #expect(Identification.canonicalMAC(text) == nil, "\(text)")
        }
    }
}
