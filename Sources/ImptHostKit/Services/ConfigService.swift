import ImptPluginAPI

/// "impt.config/1" and "impt.config/2": the project file, the auth files and (/2) plugin settings.
enum ConfigService {
    private static let invalid = Int32(IMPT_ERR_INVALID_ARGUMENT.rawValue)

    static func location(_ invocation: Invocation, local: Bool) -> AuthLocation {
        local ? .local(in: invocation.directory) : .global(environment: invocation.environment)
    }

    /// Writes `changes` over the current project file: absent keys kept in place, null removes,
    /// new keys appended. A file that cannot be read as an object is replaced.
    static func saveProject(_ invocation: Invocation, _ changes: JSON) throws(ImptError) {
        guard case .object(let members) = changes else {
            throw ImptError.invalidArgument("The project must be an object.")
        }
        var project: ProjectFile
        do throws(ImptError) {
            project = try ProjectFile.load(in: invocation.directory)
        } catch {
            project = ProjectFile.readableMembers(in: invocation.directory)
        }
        project.merge(members)
        guard project.document["deviceGroupId"]?.stringValue != nil else {
            throw ImptError.invalidArgument("The project needs a deviceGroupId string.")
        }
        try project.save(in: invocation.directory)
    }

    static func settings(_ invocation: Invocation) throws(ImptError) -> PluginSettings {
        guard let group = invocation.group else {
            throw ImptError.internalError("plugin settings are used outside a plugin's command")
        }
        return PluginSettings(group: group, directory: invocation.directory, environment: invocation.environment)
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
                return invocation.status { try saveProject(invocation, invocation.values.value(value) ?? .null) }
            },
            project_delete: { ctx in
                guard let invocation = Invocation.from(ctx) else { return invalid }
                return invocation.status {
                    let path = ProjectFile.path(in: invocation.directory)
                    guard FileSystem.exists(path) else { throw ProjectFile.notFound }
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

    nonisolated(unsafe) static let table2: UnsafeMutablePointer<impt_config_v2> = {
        let v1 = table.pointee
        return permanent(
            impt_config_v2(
                header: hostHeader(impt_config_v2.self), project_load: v1.project_load, project_save: v1.project_save,
                project_delete: v1.project_delete, auth_file_exists: v1.auth_file_exists,
                auth_file_delete: v1.auth_file_delete,
                settings_load: { ctx, scope, out in
                    guard let invocation = Invocation.from(ctx), let out else { return invalid }
                    return invocation.status {
                        let settings = try settings(invocation).load(impt_settings_scope(rawValue: UInt32(bitPattern: scope)))
                        out.pointee = invocation.values.handle(for: .object(settings))
                    }
                },
                settings_save: { ctx, scope, value in
                    guard let invocation = Invocation.from(ctx) else { return invalid }
                    return invocation.status {
                        guard case .object(let members)? = invocation.values.value(value) else {
                            throw ImptError.invalidArgument("Plugin settings must be an object.")
                        }
                        try settings(invocation).save(impt_settings_scope(rawValue: UInt32(bitPattern: scope)), members)
                    }
                }))
    }()
}
