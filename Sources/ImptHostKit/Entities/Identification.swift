import ImptPluginAPI

/// An entity found from an identifier.
public struct ResolvedEntity: Equatable, Sendable {
    public var kind: EntityKind
    public var id: String
    /// The identifier shown in messages: what the user typed, or the id when it came from the
    /// project file or from data.
    public var ref: String
    public var data: JSON

    public var json: JSON {
        .object(JSONObject([("id", .string(id)), ("ref", .string(ref)), ("data", data)]))
    }
}

/// impt's identification rules, shared by every command group through "impt.entities/1".
struct Identification {
    let invocation: Invocation
    var session: ApiSession { invocation.session }

    /// The one entity an identifier means (or the project default when `identifier` is nil). An
    /// empty identifier (a repeatable option given as `""`) names nothing: `No <Type> Identifier
    /// is specified.`, as when there is no default either.
    func resolve(_ kind: EntityKind, _ identifier: String?, idOnly: Bool = false, useProject: Bool = true) throws(ImptError)
        -> ResolvedEntity
    {
        guard let identifier else {
            if useProject { return try projectDefault(kind) }
            throw noIdentifier(kind)
        }
        if identifier.isEmpty { throw noIdentifier(kind) }
        if idOnly || kind == .loginKey || kind == .webhook {
            guard let data = try session.fetch(path(kind, identifier)) else { throw ImptError.notFound(kind, identifier) }
            return entity(kind, data, ref: identifier)
        }
        let matches = try candidates(kind, identifier)
        if matches.isEmpty { throw ImptError.notFound(kind, identifier) }
        if matches.count > 1 { throw try ambiguous(kind, identifier, matches) }
        return entity(kind, matches[0], ref: identifier)
    }

    /// The ids of every entity an identifier matches (possibly none): the list-filter rule.
    func find(_ kind: EntityKind, _ identifier: String) throws(ImptError) -> [String] {
        if kind == .loginKey || kind == .webhook {
            return try session.fetch(path(kind, identifier)).flatMap { $0["id"]?.stringValue }.map { [$0] } ?? []
        }
        return try candidates(kind, identifier).compactMap { $0["id"]?.stringValue }
    }

    private func entity(_ kind: EntityKind, _ data: JSON, ref: String) -> ResolvedEntity {
        ResolvedEntity(kind: kind, id: data["id"]?.stringValue ?? ref, ref: ref, data: data)
    }

    func path(_ kind: EntityKind, _ id: String) -> String {
        kind.collectionPath + "/" + URLEncoding.component(id)
    }

    // MARK: Matching

    private func candidates(_ kind: EntityKind, _ value: String) throws(ImptError) -> [JSON] {
        if (kind == .product || kind == .deviceGroup), let parts = Self.hierarchicalParts(value, kind: kind) {
            do throws(ImptError) {
                let found = try hierarchical(kind, parts)
                if !found.isEmpty { return found }
                let plain = try plainCandidates(kind, value)
                if !plain.isEmpty { return plain }
                return found
            } catch {
                let plain = (try? plainCandidates(kind, value)) ?? []
                if !plain.isEmpty { return plain }
                throw error
            }
        }
        return try plainCandidates(kind, value)
    }

    /// Tries the value as an id, then matches the attributes in order; the first attribute with
    /// matches wins.
    private func plainCandidates(_ kind: EntityKind, _ value: String, within scope: [(String, String)] = []) throws(ImptError)
        -> [JSON]
    {
        if !value.isEmpty, let found = try session.fetch(path(kind, value)) {
            if scope.isEmpty || belongs(found, to: scope) { return [found] }
        }
        // A MAC address typed in another form is tried once more in impCentral's own form.
        let mac = kind == .device ? Self.canonicalMAC(value) : nil
        if let mac, mac != value, let found = try session.fetch(path(kind, mac)) { return [found] }
        guard !kind.searchAttributes.isEmpty else { return [] }
        let all = try session.list(kind.collectionPath, query: scope)
        for attribute in kind.searchAttributes {
            let matches = all.filter { resource in
                switch resource.lookup("attributes.\(attribute)") {
                case .string(let text)? where attribute == "mac_address" && mac != nil: return Self.canonicalMAC(text) == mac
                case .string(let text)?: return text == value
                case .array(let elements)?: return elements.contains(.string(value))
                default: return false
                }
            }
            if !matches.isEmpty { return matches }
        }
        return []
    }

    /// A MAC address in impCentral's form (`0c:2a:69:05:0d:62`) from any case, with `:` or `-`
    /// between the six pairs or with no separators; nil when `text` is not a MAC address.
    static func canonicalMAC(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        let isHex = { (byte: UInt8) in
            (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
        }
        var digits: [UInt8]
        switch bytes.count {
        case 12:
            digits = bytes
        case 17:
            let separators = stride(from: 2, to: 17, by: 3).map { bytes[$0] }
            guard separators.allSatisfy({ $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "-") }) else { return nil }
            digits = bytes.enumerated().filter { $0.offset % 3 != 2 }.map(\.element)
        default:
            return nil
        }
        guard digits.allSatisfy(isHex) else { return nil }
        digits = digits.map { (0x41...0x46).contains($0) ? $0 + 0x20 : $0 }
        var out: [UInt8] = []
        for (index, digit) in digits.enumerated() {
            if index > 0 && index % 2 == 0 { out.append(UInt8(ascii: ":")) }
            out.append(digit)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether a resource matches list filters such as `filter[owner.id]`.
    private func belongs(_ resource: JSON, to scope: [(String, String)]) -> Bool {
        scope.allSatisfy { filter in
            let relation = filter.0.dropFirst("filter[".count).dropLast().split(separator: ".").first.map(String.init) ?? ""
            return resource.lookup("relationships.\(relation).id")?.stringValue == filter.1
        }
    }

    /// `{account}{product}` or `{account}{product}{device group}`.
    static func hierarchicalParts(_ value: String, kind: EntityKind) -> [String]? {
        guard value.hasPrefix("{"), value.hasSuffix("}"), value.count >= 2 else { return nil }
        let inner = String(value.dropFirst().dropLast())
        var parts: [String] = []
        var rest = Substring(inner)
        while let range = String(rest).range(of: "}{") {
            let text = String(rest)
            parts.append(String(text[..<range.lowerBound]))
            rest = Substring(text[range.upperBound...])
        }
        parts.append(String(rest))
        return parts.count == (kind == .product ? 2 : 3) ? parts : nil
    }

    /// Resolves `{account}{product}` or `{account}{product}{device group}` part by part. An empty
    /// part is the original's "no identifier" error for its kind, checked from the left.
    private func hierarchical(_ kind: EntityKind, _ parts: [String]) throws(ImptError) -> [JSON] {
        let kinds: [EntityKind] = [.account, .product, .deviceGroup]
        if let empty = parts.firstIndex(where: \.isEmpty) { throw noIdentifier(kinds[empty]) }
        let account = try resolve(.account, parts[0], useProject: false)
        let products = try plainCandidates(.product, parts[1], within: [("filter[owner.id]", account.id)])
        if kind == .product { return products }
        guard products.count == 1, let productID = products[0]["id"]?.stringValue else {
            if products.isEmpty { throw ImptError.notFound(EntityKind.product.typeName, parts[1]) }
            throw try ambiguous(.product, parts[1], products)
        }
        return try plainCandidates(.deviceGroup, parts[2], within: [("filter[product.id]", productID)])
    }

    private func ambiguous(_ kind: EntityKind, _ identifier: String?, _ matches: [JSON]) throws(ImptError) -> ImptError {
        let display = Display(invocation: invocation)
        var listing: [JSON] = []
        for match in matches { listing.append(try display.render(kind, .list, match)) }
        let head = identifier.map { "Multiple \(kind.typeName)s \"\($0)\" are found:" } ?? "Multiple \(kind.typeName)s are found:"
        return ImptError(
            status: IMPT_ERR_AMBIGUOUS,
            lines: [.error(head), .entities(.array(listing)), .info("Impossible to execute the command.")])
    }

    private func noIdentifier(_ kind: EntityKind) -> ImptError {
        ImptError(IMPT_ERR_NOT_FOUND, "No \(kind.typeName) Identifier is specified.")
    }

    // MARK: Project defaults

    /// The Device Group of the project file, failing with the "outdated" error when it is gone.
    func projectDeviceGroup() throws(ImptError) -> ResolvedEntity {
        let project: ProjectFile
        do throws(ImptError) {
            project = try ProjectFile.load(in: invocation.directory)
        } catch where error.status == Int32(IMPT_ERR_NOT_FOUND.rawValue) {
            throw noIdentifier(.deviceGroup)
        }
        guard let data = try session.fetch(path(.deviceGroup, project.deviceGroupId)) else {
            throw ImptError(
                status: IMPT_ERR_CONFIG, httpStatus: 404,
                lines: [
                    .error("Device Group \"\(project.deviceGroupId)\", saved in Project File, does not exist anymore."),
                    .info("Impossible to execute the command."),
                    .info("Use \"impt project delete\" command to delete the outdated Project."),
                ])
        }
        return entity(.deviceGroup, data, ref: project.deviceGroupId)
    }

    private func projectDefault(_ kind: EntityKind) throws(ImptError) -> ResolvedEntity {
        let missing = !FileSystem.exists(ProjectFile.path(in: invocation.directory))
        switch kind {
        case .deviceGroup:
            return try projectDeviceGroup()
        case .product where !missing:
            let group = try projectDeviceGroup()
            guard let productID = group.data.lookup("relationships.product.id")?.stringValue,
                let data = try session.fetch(path(.product, productID))
            else { throw noIdentifier(.product) }
            return entity(.product, data, ref: productID)
        case .deployment where !missing:
            let group = try projectDeviceGroup()
            guard let buildID = group.data.lookup("relationships.current_deployment.id")?.stringValue,
                let data = try session.fetch(path(.deployment, buildID))
            else { throw noIdentifier(.deployment) }
            return entity(.deployment, data, ref: buildID)
        case .device where !missing:
            let group = try projectDeviceGroup()
            let devices = try session.list(EntityKind.device.collectionPath, query: [("filter[devicegroup.id]", group.id)])
            if devices.isEmpty { throw noIdentifier(.device) }
            if devices.count > 1 { throw try ambiguous(.device, nil, devices) }
            return entity(.device, devices[0], ref: devices[0]["id"]?.stringValue ?? "")
        default:
            throw noIdentifier(kind)
        }
    }
}
