import ImptPluginAPI

/// "impt.config/1": the project file and the auth files.
enum ConfigService {
    private static let invalid = Int32(IMPT_ERR_INVALID_ARGUMENT.rawValue)

    static func location(_ invocation: Invocation, local: Bool) -> AuthLocation {
        local ? .local(in: invocation.directory) : .global(environment: invocation.environment)
    }

    nonisolated(unsafe) static let table = permanent(
        impt_config_v1(
            header: hostHeader(impt_config_v1.self),
            project_load: { ctx, out in
                guard let invocation = Invocation.from(ctx), let out else { return invalid }
                return invocation.status {
                    let project = try ProjectFile.load(in: invocation.directory)
                    out.pointee = invocation.values.handle(for: project.json)
                }
            },
            project_save: { ctx, value in
                guard let invocation = Invocation.from(ctx) else { return invalid }
                return invocation.status {
                    let json = invocation.values.value(value) ?? .null
                    guard let id = json["deviceGroupId"]?.stringValue else {
                        throw ImptError.invalidArgument("the project needs a deviceGroupId string")
                    }
                    try ProjectFile(
                        deviceGroupId: id, deviceFile: json["deviceFile"]?.stringValue ?? "",
                        agentFile: json["agentFile"]?.stringValue ?? ""
                    ).save(in: invocation.directory)
                }
            },
            project_delete: { ctx in
                guard let invocation = Invocation.from(ctx) else { return invalid }
                return invocation.status {
                    let path = ProjectFile.path(in: invocation.directory)
                    guard FileSystem.exists(path) else {
                        throw ImptError(IMPT_ERR_NOT_FOUND, "Project File is not found in the current directory.")
                    }
                    do throws(FileError) { try FileSystem.remove(path) } catch { throw ImptError.file(error) }
                }
            },
            auth_file_exists: { ctx, local in
                guard let invocation = Invocation.from(ctx) else { return false }
                return FileSystem.exists(location(invocation, local: local).path)
            },
            auth_file_delete: { ctx, local in
                guard let invocation = Invocation.from(ctx) else { return invalid }
                return invocation.status {
                    let location = location(invocation, local: local)
                    guard FileSystem.exists(location.path) else {
                        throw ImptError(IMPT_ERR_CONFIG, "\(location.configName) File is not found.")
                    }
                    do throws(FileError) { try FileSystem.remove(location.path) } catch { throw ImptError.file(error) }
                }
            }
        ))
}
