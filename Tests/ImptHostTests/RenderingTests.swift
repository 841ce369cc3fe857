import Testing

@testable import ImptHostKit

@Suite struct RenderingTests {
    func lines(_ json: String, colors: Bool = false, minimal: Bool = false, truncate: Bool = false) throws -> [String] {
        TreeRenderer(colors: colors, minimal: minimal, truncateArrays: truncate).render(try JSONParser.parse(json))
    }

    @Test func createdProductMatchesTheOriginal() throws {
        #expect(try lines(#"{"Product":{"id":"94a2b60b-a4d4-5e5f-e43b-bc0486a0efee","name":"TestProduct"}}"#) == [
            "Product: ", "  id:   94a2b60b-a4d4-5e5f-e43b-bc0486a0efee", "  name: TestProduct",
        ])
    }

    @Test func nestedKeysWidenTheirSiblings() throws {
        let list = #"[{"Product":{"id":"30f1","name":"MyProduct"}},{"Product":{"id":"c4e0","name":"MyProduct","Owner":{"id":"8047","email":"user2@email.com","username":"username2"}}}]"#
        #expect(try lines(list) == [
            "Product: ", "  id:   30f1", "  name: MyProduct",
            "Product: ", "  id:    c4e0", "  name:  MyProduct", "  Owner: ",
            "    id:       8047", "    email:    user2@email.com", "    username: username2",
        ])
    }

    @Test func inlineArraysJoinDifferentlyInMinimalMode() throws {
        let json = #"{"Deployment":{"id":"1","tags":["MyFactoryRC1","RC"],"Device Group":{"id":"g"}}}"#
        #expect(try lines(json)[2] == "  tags:         MyFactoryRC1, RC")
        #expect(try lines(json, minimal: true)[2] == "  tags:         MyFactoryRC1,RC")
    }

    @Test func emptyValuesKeepTheirPaddingAndNullsBecomeEmpty() throws {
        #expect(try lines(#"{"P":{"description":"","region":null,"x":[]}}"#) == ["P: ", "  description: ", "  region:      ", "  x:           "])
    }

    @Test func multiLineAndLongStrings() throws {
        #expect(try lines(#"{"Deployment":{"device_code":"line1\nline2"}}"#) == [
            "Deployment: ", "  device_code: ", "    \"\"\"", "      line1", "      line2", "    \"\"\"",
        ])
        let long = String(repeating: "a", count: 600)
        let rendered = try lines(#"{"X":{"code":"\#(long)"}}"#)
        #expect(rendered[3] == "      " + String(repeating: "a", count: 512))
        #expect(rendered[4] == "      ...")
        #expect(try lines(#""one\ntwo""#) == ["\"\"\"", "  one", "  two", "\"\"\""])
    }

    @Test func lengthsAreCountedInUTF16UnitsLikeTheOriginal() throws {
        // "é" is one UTF-16 unit, "😀" two: padding and the 512 cut follow JavaScript's length.
        #expect(try lines(#"{"P":{"é":"x","ab":"y","😀":"z"}}"#) == ["P: ", "  é:  x", "  ab: y", "  😀: z"])
        let emoji = String(repeating: "😀", count: 300)
        let rendered = try lines(#"{"X":{"t":"\#(emoji)"}}"#)
        #expect(rendered[3] == "      " + String(repeating: "😀", count: 256))
        #expect(rendered[4] == "      ...")
        #expect(try lines(#"{"X":{"t":"\#(String(repeating: "é", count: 512))"}}"#)[1].hasSuffix("é"))
    }

    @Test func colorsWrapTheKeyAndItsSeparator() throws {
        #expect(try lines(#"{"P":{"id":"x","name":"long"}}"#, colors: true)[1] == "  \u{1B}[32mid: \u{1B}[39m  x")
        #expect(try lines(#"{"Corrupted Device Group":{"id":"x"}}"#, colors: true)[0] == "\u{1B}[31mCorrupted Device Group: \u{1B}[39m")
    }

    @Test func infoPrintsShortenListsToFive() throws {
        let devices = (0..<7).map { #"{"Device":{"id":"dev\#($0)"}}"# }.joined(separator: ",")
        let rendered = try lines("[\(devices)]", truncate: true)
        #expect(rendered.count == 11)
        #expect(rendered.last == "And 2 more Device(s).")
        #expect(try lines("[\(devices)]").count == 14)
    }

    @Test func arraysOfObjectsNestWithoutMarkers() throws {
        #expect(try lines(#"{"P":{"id":"p","Device Groups":[{"Device Group":{"id":"g"}}]}}"#) == [
            "P: ", "  id:            p", "  Device Groups: ", "    Device Group: ", "      id: g",
        ])
    }
}
