import Testing

@testable import ImptHostKit

@Suite struct JSONTests {
    @Test func objectsKeepInsertionOrder() throws {
        let value = try JSONParser.parse(#"{"zeta": 1, "alpha": 2, "mid": {"b": true, "a": null}}"#)
        #expect(value.objectValue?.keys == ["zeta", "alpha", "mid"])
        #expect(value["mid"]?.objectValue?.keys == ["b", "a"])
    }

    @Test func prettyOutputMatchesJavaScriptStringify() throws {
        let value = try JSONParser.parse(#"{"Product":{"id":"x","tags":["a","b"],"empty":[],"obj":{},"n":-1.5}}"#)
        let expected = """
            {
              "Product": {
                "id": "x",
                "tags": [
                  "a",
                  "b"
                ],
                "empty": [],
                "obj": {},
                "n": -1.5
              }
            }
            """
        #expect(JSONWriter.write(value, pretty: true) == expected)
    }

    @Test(arguments: [
        (1e21, "1e+21"), (1e20, "100000000000000000000"), (0.1, "0.1"), (1.5e-7, "1.5e-7"), (123.0, "123"),
        (-0.000001, "-0.000001"), (2.5e-5, "0.000025"), (1234.5678, "1234.5678"),
    ])
    func numbersFormatLikeJavaScript(value: Double, text: String) {
        #expect(JSONWriter.formatNumber(value) == text)
    }

    @Test func integersRoundTripExactly() throws {
        let text = #"[9223372036854775807,-9223372036854775808,0,42]"#
        #expect(JSONWriter.write(try JSONParser.parse(text), pretty: false) == text)
    }

    @Test func stringEscapesRoundTrip() throws {
        let original = JSON.string("quote \" backslash \\ newline \n tab \t bell \u{07} emoji 😀 é")
        let text = JSONWriter.write(original, pretty: false)
        #expect(text.contains("\\u0007"))
        #expect(try JSONParser.parse(text) == original)
        #expect(try JSONParser.parse(#""\ud83d\ude00""#) == .string("😀"))
    }

    @Test func compactBytesHaveTheirComputedLengthAndRoundTrip() throws {
        let code = "\u{FEFF}// é ✓\r\nserver.log(\"x\\\\y\");\t\u{01}\n" + String(repeating: "a", count: 70_000)
        let value = try JSONParser.parse(#"{"data":{"type":"deployment","n":[1,-2.5,true,false,null,[],{}]}}"#)
        var object = value.objectValue!
        object["code"] = .string(code)
        object["empty"] = .string("")
        let document = JSON.object(object)
        let bytes = JSONWriter.bytes(document, pretty: false)
        #expect(bytes.count == JSONWriter.compactLength(document))
        #expect(String(decoding: bytes, as: UTF8.self) == JSONWriter.write(document, pretty: false))
        #expect(try JSONParser.parse(bytes: bytes) == document)
        #expect(try JSONParser.parse(bytes: bytes)["code"]?.stringValue?.utf8.elementsEqual(code.utf8) == true)
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "tru", "01", "\"\\x\"", "1 2", "\"\\ud800\"", "{\"a\":1,}", "-"])
    func malformedTextIsRejected(text: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
    }

    @Test func deepNestingIsRejectedWithoutCrashing() {
        let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
    }

    @Test func lookupFollowsKeysAndIndexes() throws {
        let value = try JSONParser.parse(#"{"data":[{"id":"a"},{"id":"b","attributes":{"name":"n"}}]}"#)
        #expect(value.lookup("data.1.attributes.name") == .string("n"))
        #expect(value.lookup("data.2.id") == nil)
        #expect(value.lookup("data.x") == nil)
    }
}
