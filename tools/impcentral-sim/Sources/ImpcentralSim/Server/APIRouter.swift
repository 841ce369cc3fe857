import Hummingbird

/// The `/v5` endpoints. Each resource's handlers live in `Routes/*.swift` as extensions.
struct API: Sendable {
    let env: SimEnvironment

    var store: Store { env.store }
    var encoder: ResourceEncoder { env.encoder }

    /// Dispatches on method and path segments below `/v5`.
    func route(_ r: APIRequest) async throws -> Response {
        let s = r.segments
        let m = r.method
        func unsupported() -> APIError { .methodNotAllowed(m.rawValue, "/v5" + r.path) }

        guard let first = s.first else { throw APIError.routeNotFound("/v5" + r.path) }
        switch (first, s.count) {
        case ("auth", 1):
            guard m == .post else { throw unsupported() }
            return try await login(r)
        case ("auth", 2) where s[1] == "token":
            guard m == .post else { throw unsupported() }
            return try await exchangeToken(r)

        case ("accounts", 1):
            guard m == .get else { throw unsupported() }
            return try await listAccounts(r)
        case ("accounts", 2):
            guard m == .get else { throw unsupported() }
            return try await getAccount(r, id: s[1])
        case ("accounts", 3) where s[2] == "login_keys":
            try requireSelf(r, s[1])
            switch m {
            case .get: return try await listLoginKeys(r)
            case .post: return try await createLoginKey(r)
            default: throw unsupported()
            }
        case ("accounts", 4) where s[2] == "login_keys":
            try requireSelf(r, s[1])
            switch m {
            case .get: return try await getLoginKey(r, id: s[3])
            case .patch: return try await updateLoginKey(r, id: s[3])
            case .delete: return try await deleteLoginKey(r, id: s[3])
            default: throw unsupported()
            }
        case ("accounts", 3) where s[2] == "refresh_tokens":
            try requireSelf(r, s[1])
            guard m == .get else { throw unsupported() }
            return try await listRefreshTokens(r)
        case ("accounts", 4) where s[2] == "refresh_tokens":
            try requireSelf(r, s[1])
            guard m == .delete else { throw unsupported() }
            return try await deleteRefreshToken(r, id: s[3])

        case ("products", 1):
            switch m {
            case .get: return try await listProducts(r)
            case .post: return try await createProduct(r)
            default: throw unsupported()
            }
        case ("products", 2):
            switch m {
            case .get: return try await getProduct(r, id: s[1])
            case .patch: return try await updateProduct(r, id: s[1])
            case .delete: return try await deleteProduct(r, id: s[1])
            default: throw unsupported()
            }

        case ("devicegroups", 1):
            switch m {
            case .get: return try await listDeviceGroups(r)
            case .post: return try await createDeviceGroup(r)
            default: throw unsupported()
            }
        case ("devicegroups", 2):
            switch m {
            case .get: return try await getDeviceGroup(r, id: s[1])
            case .patch: return try await updateDeviceGroup(r, id: s[1])
            case .delete: return try await deleteDeviceGroup(r, id: s[1])
            default: throw unsupported()
            }
        case ("devicegroups", 3) where s[2] == "restart" || s[2] == "conditional_restart":
            guard m == .post else { throw unsupported() }
            return try await restartDeviceGroup(r, id: s[1], conditional: s[2] == "conditional_restart")
        case ("devicegroups", 4) where s[2] == "relationships" && s[3] == "min_supported_deployment":
            guard m == .put || m == .patch else { throw unsupported() }
            return try await setMinSupportedDeployment(r, id: s[1])
        case ("devicegroups", 4) where s[2] == "relationships" && s[3] == "devices":
            switch m {
            case .post: return try await assignDevices(r, groupID: s[1])
            case .delete: return try await unassignDevices(r, groupID: s[1])
            default: throw unsupported()
            }

        case ("devices", 1):
            guard m == .get else { throw unsupported() }
            return try await listDevices(r)
        case ("devices", 2):
            switch m {
            case .get: return try await getDevice(r, id: s[1])
            case .patch: return try await updateDevice(r, id: s[1])
            case .delete: return try await deleteDevice(r, id: s[1])
            default: throw unsupported()
            }
        case ("devices", 3) where s[2] == "restart" || s[2] == "conditional_restart":
            guard m == .post else { throw unsupported() }
            return try await restartDevice(r, id: s[1], conditional: s[2] == "conditional_restart")
        case ("devices", 3) where s[2] == "logs":
            guard m == .get else { throw unsupported() }
            return try await deviceLogs(r, id: s[1])
        case ("devices", 3) where s[2] == "history":
            guard m == .get else { throw unsupported() }
            return try await deviceHistory(r, id: s[1])

        case ("deployments", 1):
            switch m {
            case .get: return try await listDeployments(r)
            case .post: return try await createDeployment(r)
            default: throw unsupported()
            }
        case ("deployments", 2):
            switch m {
            case .get: return try await getDeployment(r, id: s[1])
            case .patch: return try await updateDeployment(r, id: s[1])
            case .delete: return try await deleteDeployment(r, id: s[1])
            default: throw unsupported()
            }

        case ("webhooks", 1):
            switch m {
            case .get: return try await listWebhooks(r)
            case .post: return try await createWebhook(r)
            default: throw unsupported()
            }
        case ("webhooks", 2):
            switch m {
            case .get: return try await getWebhook(r, id: s[1])
            case .patch: return try await updateWebhook(r, id: s[1])
            case .delete: return try await deleteWebhook(r, id: s[1])
            default: throw unsupported()
            }

        case ("logstream", 1):
            guard m == .post else { throw unsupported() }
            return try await createLogStream(r)
        case ("logstream", 2):
            guard m == .get else { throw unsupported() }
            return try await openLogStream(r, id: s[1])
        case ("logstream", 3):
            switch m {
            case .put, .post: return try await addLogStreamDevice(r, streamID: s[1], device: s[2])
            case .delete: return try await removeLogStreamDevice(r, streamID: s[1], device: s[2])
            default: throw unsupported()
            }

        default:
            throw APIError.routeNotFound("/v5" + r.path)
        }
    }

    /// Login keys and refresh tokens exist only under the caller's own account.
    private func requireSelf(_ r: APIRequest, _ id: String) throws {
        let caller = try r.authenticated
        guard id == "me" || id == caller.id else { throw APIError.notFound("account") }
    }

    /// Serves a GET collection from the response cache, computing and storing it on a miss.
    func cachedList(_ r: APIRequest, compute: @Sendable () async throws -> JSONWriter) async throws -> Response {
        let caller = try r.authenticated
        let key = caller.id + "\n" + r.path + "?" + (r.rawQuery ?? "")
        let generation = store.generation
        if let hit = env.responses.lookup(key, generation: generation) {
            return Responses.buffer(hit)
        }
        let body = try await compute().byteBuffer
        env.responses.store(key, generation: generation, body: body)
        return Responses.buffer(body)
    }

    /// Refuses `filter[...]` parameters other than `allowed`.
    func checkFilters(_ r: APIRequest, allowed: Set<String>) throws {
        for (name, _) in r.query.filters where !allowed.contains(name) {
            throw APIError.invalidQuery("Unknown filter 'filter[\(name)]'.")
        }
    }
}
