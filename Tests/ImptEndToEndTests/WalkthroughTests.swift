import Foundation
import Testing

/// The "Typical Use-cases" of DevelopmentGuide-v2.md, command by command against a fresh
/// simulator each, with the guide's output (ids, shas and times aside). Where the guide and the
/// reference differ the reference wins; Docs/UserGuide.md ("Differences") lists those places:
/// `build run` also sets the min supported Deployment and updates the group (two more lines, and
/// older builds become removable), and the service deletes a group's Deployments with the group
/// (`... is already deleted.`).
@Suite(.ownThreads) struct WalkthroughTests {
    static let flags = ["--demo", "--log-period", "3600"]

    /// The guide's devices in place of the demo ones.
    static let myDevice1 = (name: Optional("myDevice1"), id: "234776801163a9ee", mac: "0c:2a:69:05:0d:62")
    static let myDevice2 = (name: Optional("myDevice2"), id: "23522f6938a609ee", mac: "0c:2a:69:03:ea:f0")
    static let fieldbus = (name: Optional("fieldbus"), id: "5000d8c46a56cfca", mac: "d8:c4:6a:56:cf:ca")
    static let dut = (name: String?.none, id: "235d9e7838a609ee", mac: "0c:2a:69:04:ff:85")

    static let agentCode = #"""
        // Publishes a reading.
        server.log("Data published successfully:");
        server.log("{ \"measureTime\": \"1516644693\", \"data\": 1 }");
        """#

    /// Stops a stream once both lines of the agent's first reading are shown.
    static func published(_ lines: [String]) -> Bool {
        lines.contains { $0.hasSuffix(#"[agent.log] { "measureTime": "1516644693", "data": 1 }"#) }
    }

    // MARK: Develop Application Firmware

    @Test func developApplicationFirmware() throws {
        let guide = try Walkthrough(Self.flags)
        try Self.applicationFirmware(guide)
        // Not in the walkthrough: the clean-up, so that the account ends as it began.
        try Self.deleteDevProject(guide, withProduct: true, firstBuildSHA: "4e7f3395e86658ab39a178f9fe4b8cd8244a8ade92cb5ae1bb2d758434174c05")
        #expect(!guide.exists(".impt.project") && !guide.exists("myapp.device.nut") && !guide.exists("myapp.agent.nut"))
    }

    /// Steps 1 to 13, leaving the `dev` directory as the current one.
    static func applicationFirmware(_ guide: Walkthrough) throws {
        try guide.replaceDevices([myDevice1, myDevice2])
        try guide.step(
            "auth login --endpoint \(guide.sim.baseURL) --user demo --pwd demo-password",
            """
            Global login is successful.
            IMPT COMMAND SUCCEEDS

            """)
        try guide.mkdir("dev")
        guide.cd("dev")
        try guide.step(
            #"project create --product MyProduct --create-product --name MyDevDG --descr "imp Application Firmware" --device-file myapp.device.nut --agent-file myapp.agent.nut"#,
            """
            Product "MyProduct" is created successfully.
            Device Group "MyDevDG" is created successfully.
            Device source file "myapp.device.nut" is created successfully.
            Agent source file "myapp.agent.nut" is created successfully.
            Project is created successfully.
            Project:
              Device file:  myapp.device.nut
              Agent file:   myapp.agent.nut
              Device Group:
                id:          c675ad8a-9d88-1d0f-e017-4a8c71bb0fd5
                type:        development
                name:        MyDevDG
                description: imp Application Firmware
                region:
                created_at:  2018-01-22T17:56:27.973Z
                updated_at:  2018-01-22T17:56:27.973Z
                Product:
                  id:   da0800ab-ad5f-c54e-949e-ec986efb0bf1
                  name: MyProduct
            IMPT COMMAND SUCCEEDS

            """)
        // 5. The Squirrel code.
        try guide.write("myapp.device.nut", "// Reads the sensor and sends readings to the agent.\n")
        try guide.write("myapp.agent.nut", agentCode)
        try guide.step(
            "device list --unassigned",
            """
            Device list (2 items):
            Device:
              id:            234776801163a9ee
              name:          myDevice1
              mac_address:   0c:2a:69:05:0d:62
              device_online: true
            Device:
              id:            23522f6938a609ee
              name:          myDevice2
              mac_address:   0c:2a:69:03:ea:f0
              device_online: true
            IMPT COMMAND SUCCEEDS

            """)
        try guide.step(
            "device assign --device myDevice1",
            """
            Device "myDevice1" is assigned successfully to Device Group "c675ad8a-9d88-1d0f-e017-4a8c71bb0fd5".
            IMPT COMMAND SUCCEEDS

            """)
        try guide.stream(
            "build run --log", until: published,
            """
            Deployment "e0059ee6-2483-4ab1-50eb-e693e62155b7" is created successfully.
            Min supported Deployment for Device Group "c675ad8a-9d88-1d0f-e017-4a8c71bb0fd5" is updated successfully.
            Device Group "c675ad8a-9d88-1d0f-e017-4a8c71bb0fd5" is updated successfully.
            Restart request for Devices assigned to Device Group "c675ad8a-9d88-1d0f-e017-4a8c71bb0fd5" is successful:
            \(Self.myDevice1Assigned)
            Deployment "e0059ee6-2483-4ab1-50eb-e693e62155b7" is run successfully.
            Log stream for Device(s) 234776801163a9ee is opened.
            IMPT COMMAND SUCCEEDS

            Press <Ctrl-C> to exit.
            [234776801163a9ee] 2018-01-22T18:11:33.975Z [agent.log] Data published successfully:
            [234776801163a9ee] 2018-01-22T18:11:33.976Z [agent.log] { "measureTime": "1516644693", "data": 1 }
            IMPT COMMAND SUCCEEDS

            """)
        // 12. The code updated, a new build run (step 9 again, without the stream this time).
        try guide.write("myapp.device.nut", "// Reads the sensor every 10 seconds.\n")
        try guide.step(
            "build run",
            """
            Deployment "429c3a4c-947b-3d84-77f8-fa15cf3038b5" is created successfully.
            Min supported Deployment for Device Group "c675ad8a-9d88-1d0f-e017-4a8c71bb0fd5" is updated successfully.
            Device Group "c675ad8a-9d88-1d0f-e017-4a8c71bb0fd5" is updated successfully.
            Restart request for Devices assigned to Device Group "c675ad8a-9d88-1d0f-e017-4a8c71bb0fd5" is successful:
            \(Self.myDevice1Assigned)
            IMPT COMMAND SUCCEEDS

            """)
        try guide.step(
            #"build update --descr "My Release Candidate 1" --tag MyRC1 --flagged"#,
            """
            Deployment "429c3a4c-947b-3d84-77f8-fa15cf3038b5" is updated successfully.
            IMPT COMMAND SUCCEEDS

            """)
    }

    // MARK: Develop Factory Device-Under-Test Firmware

    /// The application walkthrough again with a pre-dut group in the same Product (builds are
    /// copied only within a Product), ending with the build tagged MyTestsRC1. Leaves the top
    /// directory as the current one.
    static func dutFirmware(_ guide: Walkthrough) throws {
        guide.cd("..")
        try guide.mkdir("dut")
        guide.cd("dut")
        try guide.step(
            #"project create --pre-dut --product MyProduct --name MyDUTDG --descr "DUT Firmware" --device-file dut.device.nut --agent-file dut.agent.nut"#,
            """
            Device Group "MyDUTDG" is created successfully.
            Device source file "dut.device.nut" is created successfully.
            Agent source file "dut.agent.nut" is created successfully.
            Project is created successfully.
            Project:
              Device file:  dut.device.nut
              Agent file:   dut.agent.nut
              Device Group:
                id:          1e8d8e8b-4b0b-4f39-9f35-0d2f8f4c2a11
                type:        pre-dut
                name:        MyDUTDG
                description: DUT Firmware
                region:
                created_at:  2018-01-22T18:00:00.000Z
                updated_at:  2018-01-22T18:00:00.000Z
                Product:
                  id:   da0800ab-ad5f-c54e-949e-ec986efb0bf1
                  name: MyProduct
            IMPT COMMAND SUCCEEDS

            """)
        try guide.write("dut.device.nut", #"server.log("DUT test passed");"# + "\n")
        try guide.step(
            "build run",
            """
            Deployment "3a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" is created successfully.
            Min supported Deployment for Device Group "1e8d8e8b-4b0b-4f39-9f35-0d2f8f4c2a11" is updated successfully.
            Device Group "1e8d8e8b-4b0b-4f39-9f35-0d2f8f4c2a11" is updated successfully.
            Device Group "1e8d8e8b-4b0b-4f39-9f35-0d2f8f4c2a11" does not have assigned Devices.
            IMPT COMMAND SUCCEEDS

            """)
        try guide.step(
            #"build update --descr "My DUT Firmware Release Candidate 1" --tag MyTestsRC1 --flagged"#,
            """
            Deployment "3a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" is updated successfully.
            IMPT COMMAND SUCCEEDS

            """)
        guide.cd("..")
    }

    // MARK: Develop Factory Fixture Firmware

    /// The guide's steps 1 to 14 from the top directory, leaving `factory` as the current one.
    static func factoryFixtureFirmware(_ guide: Walkthrough) throws {
        try guide.mkdir("factory")
        guide.cd("factory")
        try guide.step(
            #"project create --pre-factory --product MyProduct --name MyPreFactoryDG --descr "Factory Firmware" --dut MyPreDUTDG --create-dut --target MyPreProductionDG --create-target --device-file factory.device.nut --agent-file factory.agent.nut"#,
            """
            Device Group "MyPreProductionDG" is created successfully.
            Device Group "MyPreDUTDG" is created successfully.
            Device Group "MyPreFactoryDG" is created successfully.
            Device source file "factory.device.nut" is created successfully.
            Agent source file "factory.agent.nut" is created successfully.
            Project is created successfully.
            Project:
              Device file:  factory.device.nut
              Agent file:   factory.agent.nut
              Device Group:
                id:                71c3be05-a7d2-a326-8906-8af3b205bd13
                type:              pre-factory
                name:              MyPreFactoryDG
                description:       Factory Firmware
                region:
                created_at:        2018-01-22T18:17:19.537Z
                updated_at:        2018-01-22T18:17:19.537Z
                Product:
                  id:   da0800ab-ad5f-c54e-949e-ec986efb0bf1
                  name: MyProduct
                Production Target:
                  id:   53ca29f4-937d-e684-729b-7e6b6a192c19
                  type: pre-production
                  name: MyPreProductionDG
                DUT Target:
                  id:   10c6179c-8608-1af2-7aee-5d1dc5539cda
                  type: pre-dut
                  name: MyPreDUTDG
            IMPT COMMAND SUCCEEDS

            """)
        try guide.step(
            "build copy --build MyTestsRC1 --dg MyPreDUTDG",
            """
            Deployment "26036a34-9751-705b-4f91-3f50c2a9ac47" is created successfully.
            Deployment "MyTestsRC1" is copied successfully to Deployment "26036a34-9751-705b-4f91-3f50c2a9ac47".
            IMPT COMMAND SUCCEEDS

            """)
        try guide.step(
            "build copy --build MyRC1 --dg MyPreProductionDG",
            """
            Deployment "a0e8e599-c6c5-62c0-2a88-a8d4ac3e07d8" is created successfully.
            Deployment "MyRC1" is copied successfully to Deployment "a0e8e599-c6c5-62c0-2a88-a8d4ac3e07d8".
            IMPT COMMAND SUCCEEDS

            """)
        // 6. The fixture firmware; 7. the fixture added to the account.
        try guide.write("factory.device.nut", "// Configures devices under test with BlinkUp.\n")
        try guide.write("factory.agent.nut", #"server.log("Fixture ready");"# + "\n")
        try guide.addDevice(fieldbus)
        try guide.step(
            "device list --unassigned",
            """
            Device list (2 items):
            Device:
              id:            23522f6938a609ee
              name:          myDevice2
              mac_address:   0c:2a:69:03:ea:f0
              device_online: true
            Device:
              id:            5000d8c46a56cfca
              name:          fieldbus
              mac_address:   d8:c4:6a:56:cf:ca
              device_online: true
            IMPT COMMAND SUCCEEDS

            """)
        try guide.step(
            "device assign --device 5000d8c46a56cfca",
            """
            Device "5000d8c46a56cfca" is assigned successfully to Device Group "71c3be05-a7d2-a326-8906-8af3b205bd13".
            IMPT COMMAND SUCCEEDS

            """)
        try guide.stream(
            "build run --log", until: { $0.contains { $0.hasSuffix("[agent.log] Fixture ready") } },
            """
            Deployment "4a7339e4-1f7c-3caa-2ce5-15c367df9a3f" is created successfully.
            Min supported Deployment for Device Group "71c3be05-a7d2-a326-8906-8af3b205bd13" is updated successfully.
            Device Group "71c3be05-a7d2-a326-8906-8af3b205bd13" is updated successfully.
            Restart request for Devices assigned to Device Group "71c3be05-a7d2-a326-8906-8af3b205bd13" is successful:
            Device:
              id:            5000d8c46a56cfca
              name:          fieldbus
              mac_address:   d8:c4:6a:56:cf:ca
              agent_id:      mRu9cePbSCJY
              device_online: true
            Deployment "4a7339e4-1f7c-3caa-2ce5-15c367df9a3f" is run successfully.
            Log stream for Device(s) 5000d8c46a56cfca is opened.
            IMPT COMMAND SUCCEEDS

            Press <Ctrl-C> to exit.
            [5000d8c46a56cfca] 2018-01-22T18:20:02.000Z [agent.log] Fixture ready
            IMPT COMMAND SUCCEEDS

            """)
        // 11. The fixture BlinkUps a device under test; its DUT firmware tests and blesses it, and
        // the blessed device, powered off, waits in the production target.
        try guide.addDevice(dut)
        try guide.simulator("POST", "/_sim/devices/\(dut.id)/blinkup", body: ["devicegroup": try groupID(guide, "MyPreDUTDG")])
        try guide.simulator("POST", "/_sim/devices/\(dut.id)/bless", body: ["success": true])
        try guide.simulator("PATCH", "/_sim/devices/\(dut.id)", body: ["online": false])
        // 13. Two more fixture builds.
        for (round, build) in [(2, "280618fc-9cf1-898f-dfec-a574f60c31df"), (3, "5dbfc968-5c94-fc4c-dd37-424f779b7e40")] {
            try guide.write("factory.device.nut", "// Configures devices under test with BlinkUp, round \(round).\n")
            try guide.step(
                "build run",
                """
                Deployment "\(build)" is created successfully.
                Min supported Deployment for Device Group "71c3be05-a7d2-a326-8906-8af3b205bd13" is updated successfully.
                Device Group "71c3be05-a7d2-a326-8906-8af3b205bd13" is updated successfully.
                Restart request for Devices assigned to Device Group "71c3be05-a7d2-a326-8906-8af3b205bd13" is successful:
                Device:
                  id:            5000d8c46a56cfca
                  name:          fieldbus
                  mac_address:   d8:c4:6a:56:cf:ca
                  agent_id:      mRu9cePbSCJY
                  device_online: true
                IMPT COMMAND SUCCEEDS

                """)
        }
        try guide.step(
            #"build update --descr "My Factory Firmware Release Candidate 1" --tag MyFactoryRC1 --flagged"#,
            """
            Deployment "5dbfc968-5c94-fc4c-dd37-424f779b7e40" is updated successfully.
            IMPT COMMAND SUCCEEDS

            """)
    }

    static func groupID(_ guide: Walkthrough, _ name: String) throws -> String {
        let run = try guide.sandbox.impt(["dg", "info", "--dg", name, "-z", "json"])
        return try #require(((run.json as? [String: [String: Any]])?["Device Group"]?["id"]) as? String)
    }

    // MARK: Cleaning Up

    @Test func goToProduction() throws {
        let guide = try Walkthrough(Self.flags)
        try Self.applicationFirmware(guide)
        try Self.dutFirmware(guide)
        try Self.factoryFixtureFirmware(guide)
        try guide.step("dg builds --remove", input: "y\n",
            """
            The following entities will be deleted:
            Deployment:
              id:  4a7339e4-1f7c-3caa-2ce5-15c367df9a3f
              sha: f4756c7578aa69910a8857d8ec08ff15bc2d7e1a8fc8007caf98e3ea9fca07a3
            Deployment:
              id:  280618fc-9cf1-898f-dfec-a574f60c31df
              sha: 4e7f3395e86658ab39a178f9fe4b8cd8244a8ade92cb5ae1bb2d758434174c05

            Are you sure you want to continue?
            Enter 'y' (yes) or 'n' (no):

            Deployment "4a7339e4-1f7c-3caa-2ce5-15c367df9a3f" is deleted successfully.
            Deployment "280618fc-9cf1-898f-dfec-a574f60c31df" is deleted successfully.
            Deployment list (1 items):
            Deployment:
              id:           5dbfc968-5c94-fc4c-dd37-424f779b7e40
              sha:          5c832c6b984ea536dfa5a8f56707809a8cfac089df49196bd742fda158501b27
              tags:         MyFactoryRC1
              flagged:      true
              Device Group:
                id:   71c3be05-a7d2-a326-8906-8af3b205bd13
                type: pre-factory
                name: MyPreFactoryDG
            IMPT COMMAND SUCCEEDS

            """)
        try guide.step("dg unassign",
            """
            The following Devices are unassigned successfully from Device Group "71c3be05-a7d2-a326-8906-8af3b205bd13":
            Device:
              id:            5000d8c46a56cfca
              name:          fieldbus
              mac_address:   d8:c4:6a:56:cf:ca
              agent_id:      mRu9cePbSCJY
              device_online: true
            IMPT COMMAND SUCCEEDS

            """)
        try guide.step("dg unassign --dg MyPreProductionDG",
            """
            The following Devices are unassigned successfully from Device Group "MyPreProductionDG":
            Device:
              id:          235d9e7838a609ee
              mac_address: 0c:2a:69:04:ff:85
              agent_id:    fo4Aq4po7wZa
            IMPT COMMAND SUCCEEDS

            """)
        try guide.step("project delete --files", input: "y\n", Self.filesDeleted("factory.device.nut", "factory.agent.nut", projectOnly: true))
        guide.cd("../dev")
        try guide.step("dg builds --remove", input: "y\n",
            """
            The following entities will be deleted:
            Deployment:
              id:  e0059ee6-2483-4ab1-50eb-e693e62155b7
              sha: a6d7bd78d62d74b6da74f538dc6c56f8d0f2fcfb7f80383bb6fe4640a1bb7a11

            Are you sure you want to continue?
            Enter 'y' (yes) or 'n' (no):

            Deployment "e0059ee6-2483-4ab1-50eb-e693e62155b7" is deleted successfully.
            Deployment list (1 items):
            Deployment:
              id:           429c3a4c-947b-3d84-77f8-fa15cf3038b5
              sha:          610c70b664914e84c539fad3c715e63e93bc2323c4c4b51ae39dc9e0513e7099
              tags:         MyRC1
              flagged:      true
              Device Group:
                id:   c675ad8a-9d88-1d0f-e017-4a8c71bb0fd5
                type: development
                name: MyDevDG
            IMPT COMMAND SUCCEEDS

            """)
        try guide.step("dg unassign",
            """
            The following Devices are unassigned successfully from Device Group "c675ad8a-9d88-1d0f-e017-4a8c71bb0fd5":
            \(Self.myDevice1Assigned)
            IMPT COMMAND SUCCEEDS

            """)
        try guide.step("product info --full",
            """
            Product:
              id:            da0800ab-ad5f-c54e-949e-ec986efb0bf1
              name:          MyProduct
              description:
              created_at:    2018-01-22T18:20:28.399Z
              updated_at:    2018-01-22T18:20:28.399Z
              Device Groups:
                Device Group:
                  id:                       c675ad8a-9d88-1d0f-e017-4a8c71bb0fd5
                  type:                     development
                  name:                     MyDevDG
                  Current Deployment:
                    id:      429c3a4c-947b-3d84-77f8-fa15cf3038b5
                    sha:     610c70b664914e84c539fad3c715e63e93bc2323c4c4b51ae39dc9e0513e7099
                    tags:    MyRC1
                    flagged: true
                  Min supported Deployment:
                    id:      429c3a4c-947b-3d84-77f8-fa15cf3038b5
                    sha:     610c70b664914e84c539fad3c715e63e93bc2323c4c4b51ae39dc9e0513e7099
                    tags:    MyRC1
                    flagged: true
                Device Group:
                  id:                       1e8d8e8b-4b0b-4f39-9f35-0d2f8f4c2a11
                  type:                     pre-dut
                  name:                     MyDUTDG
                  Current Deployment:
                    id:      3a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d
                    sha:     f6f710ce359d1e1bee10b17f62184a8f2a9884d17dd44292b0e9dc640c52daf6
                    tags:    MyTestsRC1
                    flagged: true
                  Min supported Deployment:
                    id:      3a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d
                    sha:     f6f710ce359d1e1bee10b17f62184a8f2a9884d17dd44292b0e9dc640c52daf6
                    tags:    MyTestsRC1
                    flagged: true
                Device Group:
                  id:                       53ca29f4-937d-e684-729b-7e6b6a192c19
                  type:                     pre-production
                  name:                     MyPreProductionDG
                  Current Deployment:
                    id:  a0e8e599-c6c5-62c0-2a88-a8d4ac3e07d8
                    sha: 610c70b664914e84c539fad3c715e63e93bc2323c4c4b51ae39dc9e0513e7099
                  Min supported Deployment:
                    id:  a0e8e599-c6c5-62c0-2a88-a8d4ac3e07d8
                    sha: 610c70b664914e84c539fad3c715e63e93bc2323c4c4b51ae39dc9e0513e7099
                  Production Target for:
                    Device Group:
                      id:   71c3be05-a7d2-a326-8906-8af3b205bd13
                      type: pre-factory
                      name: MyPreFactoryDG
                Device Group:
                  id:                       10c6179c-8608-1af2-7aee-5d1dc5539cda
                  type:                     pre-dut
                  name:                     MyPreDUTDG
                  Current Deployment:
                    id:  26036a34-9751-705b-4f91-3f50c2a9ac47
                    sha: f6f710ce359d1e1bee10b17f62184a8f2a9884d17dd44292b0e9dc640c52daf6
                  Min supported Deployment:
                    id:  26036a34-9751-705b-4f91-3f50c2a9ac47
                    sha: f6f710ce359d1e1bee10b17f62184a8f2a9884d17dd44292b0e9dc640c52daf6
                  DUT Target for:
                    Device Group:
                      id:   71c3be05-a7d2-a326-8906-8af3b205bd13
                      type: pre-factory
                      name: MyPreFactoryDG
                Device Group:
                  id:                       71c3be05-a7d2-a326-8906-8af3b205bd13
                  type:                     pre-factory
                  name:                     MyPreFactoryDG
                  Current Deployment:
                    id:      5dbfc968-5c94-fc4c-dd37-424f779b7e40
                    sha:     5c832c6b984ea536dfa5a8f56707809a8cfac089df49196bd742fda158501b27
                    tags:    MyFactoryRC1
                    flagged: true
                  Min supported Deployment:
                    id:      5dbfc968-5c94-fc4c-dd37-424f779b7e40
                    sha:     5c832c6b984ea536dfa5a8f56707809a8cfac089df49196bd742fda158501b27
                    tags:    MyFactoryRC1
                    flagged: true
                  Production Target:
                    id:   53ca29f4-937d-e684-729b-7e6b6a192c19
                    type: pre-production
                    name: MyPreProductionDG
                  DUT Target:
                    id:   10c6179c-8608-1af2-7aee-5d1dc5539cda
                    type: pre-dut
                    name: MyPreDUTDG
            IMPT COMMAND SUCCEEDS

            """)
        try guide.step("project delete --files", input: "y\n", Self.filesDeleted("myapp.device.nut", "myapp.agent.nut", projectOnly: true))
        try guide.step("auth logout",
            """
            Global logout is successful.
            IMPT COMMAND SUCCEEDS

            """)
    }

    @Test func fullCleanUp() throws {
        let guide = try Walkthrough(Self.flags)
        try Self.applicationFirmware(guide)
        try Self.dutFirmware(guide)
        try Self.factoryFixtureFirmware(guide)
        try guide.step("project delete --all", input: "y\n",
            """
            The following entities will be deleted:
            Device Group:
              id:   53ca29f4-937d-e684-729b-7e6b6a192c19
              type: pre-production
              name: MyPreProductionDG
            Device Group:
              id:   10c6179c-8608-1af2-7aee-5d1dc5539cda
              type: pre-dut
              name: MyPreDUTDG
            Device Group:
              id:   71c3be05-a7d2-a326-8906-8af3b205bd13
              type: pre-factory
              name: MyPreFactoryDG
            Deployment:
              id:  a0e8e599-c6c5-62c0-2a88-a8d4ac3e07d8
              sha: f4756c7578aa69910a8857d8ec08ff15bc2d7e1a8fc8007caf98e3ea9fca07a3
            Deployment:
              id:  26036a34-9751-705b-4f91-3f50c2a9ac47
              sha: 4e7f3395e86658ab39a178f9fe4b8cd8244a8ade92cb5ae1bb2d758434174c05
            Deployment:
              id:  4a7339e4-1f7c-3caa-2ce5-15c367df9a3f
              sha: 5c832c6b984ea536dfa5a8f56707809a8cfac089df49196bd742fda158501b27
            Deployment:
              id:  280618fc-9cf1-898f-dfec-a574f60c31df
              sha: a6d7bd78d62d74b6da74f538dc6c56f8d0f2fcfb7f80383bb6fe4640a1bb7a11
            Deployment:
              id:      5dbfc968-5c94-fc4c-dd37-424f779b7e40
              sha:     610c70b664914e84c539fad3c715e63e93bc2323c4c4b51ae39dc9e0513e7099
              tags:    MyFactoryRC1
              flagged: true

            The following Devices will be unassigned from Device Groups:
            Device:
              id:          235d9e7838a609ee
              mac_address: 0c:2a:69:04:ff:85
              agent_id:    fo4Aq4po7wZa
            Device:
              id:            5000d8c46a56cfca
              name:          fieldbus
              mac_address:   d8:c4:6a:56:cf:ca
              agent_id:      mRu9cePbSCJY
              device_online: true

            The following Deployments are marked "flagged" to prevent deleting. They will be modified by setting "flagged" attribute to false:
            Deployment:
              id:      5dbfc968-5c94-fc4c-dd37-424f779b7e40
              sha:     610c70b664914e84c539fad3c715e63e93bc2323c4c4b51ae39dc9e0513e7099
              tags:    MyFactoryRC1
              flagged: true

            \(Self.deletionQuestion("factory.device.nut", "factory.agent.nut"))
            Device "235d9e7838a609ee" is unassigned successfully.
            Device "5000d8c46a56cfca" is unassigned successfully.
            Deployment "5dbfc968-5c94-fc4c-dd37-424f779b7e40" is updated successfully.
            Device Group "71c3be05-a7d2-a326-8906-8af3b205bd13" is deleted successfully.
            Device Group "53ca29f4-937d-e684-729b-7e6b6a192c19" is deleted successfully.
            Device Group "10c6179c-8608-1af2-7aee-5d1dc5539cda" is deleted successfully.
            Deployment "a0e8e599-c6c5-62c0-2a88-a8d4ac3e07d8" is already deleted.
            Deployment "26036a34-9751-705b-4f91-3f50c2a9ac47" is already deleted.
            Deployment "4a7339e4-1f7c-3caa-2ce5-15c367df9a3f" is already deleted.
            Deployment "280618fc-9cf1-898f-dfec-a574f60c31df" is already deleted.
            Deployment "5dbfc968-5c94-fc4c-dd37-424f779b7e40" is already deleted.
            \(Self.filesDeleted("factory.device.nut", "factory.agent.nut"))
            """)
        guide.cd("../dev")
        try Self.deleteDevProject(guide, withProduct: false, firstBuildSHA: "f6f710ce359d1e1bee10b17f62184a8f2a9884d17dd44292b0e9dc640c52daf6")
        guide.cd("../dut")
        try guide.step("project delete --all", input: "y\n",
            """
            The following entities will be deleted:
            Product:
              id:   da0800ab-ad5f-c54e-949e-ec986efb0bf1
              name: MyProduct
            Device Group:
              id:   1e8d8e8b-4b0b-4f39-9f35-0d2f8f4c2a11
              type: pre-dut
              name: MyDUTDG
            Deployment:
              id:      3a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d
              sha:     4e7f3395e86658ab39a178f9fe4b8cd8244a8ade92cb5ae1bb2d758434174c05
              tags:    MyTestsRC1
              flagged: true

            The following Deployments are marked "flagged" to prevent deleting. They will be modified by setting "flagged" attribute to false:
            Deployment:
              id:      3a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d
              sha:     4e7f3395e86658ab39a178f9fe4b8cd8244a8ade92cb5ae1bb2d758434174c05
              tags:    MyTestsRC1
              flagged: true

            \(Self.deletionQuestion("dut.device.nut", "dut.agent.nut"))
            Deployment "3a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" is updated successfully.
            Device Group "1e8d8e8b-4b0b-4f39-9f35-0d2f8f4c2a11" is deleted successfully.
            Product "da0800ab-ad5f-c54e-949e-ec986efb0bf1" is deleted successfully.
            Deployment "3a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" is already deleted.
            \(Self.filesDeleted("dut.device.nut", "dut.agent.nut"))
            """)
        try guide.step("auth logout",
            """
            Global logout is successful.
            IMPT COMMAND SUCCEEDS

            """)
    }

    // MARK: Pieces of transcript that several steps share

    /// myDevice1 as lists show it once it is assigned.
    static let myDevice1Assigned = """
        Device:
          id:            234776801163a9ee
          name:          myDevice1
          mac_address:   0c:2a:69:05:0d:62
          agent_id:      T1oUmIZ3At_N
          device_online: true
        """

    /// The build tagged MyRC1, as entity lists show it.
    static let myRC1Deployment = """
        Deployment:
          id:      429c3a4c-947b-3d84-77f8-fa15cf3038b5
          sha:     f4756c7578aa69910a8857d8ec08ff15bc2d7e1a8fc8007caf98e3ea9fca07a3
          tags:    MyRC1
          flagged: true
        """

    /// The end of every `project delete` question: the source files and the project file.
    static func deletionQuestion(_ deviceFile: String, _ agentFile: String) -> String {
        """
        The following files will be deleted:
        Device/agent source files: \(deviceFile), \(agentFile)

        Project File in the current directory will be deleted.
        Are you sure you want to continue?
        Enter 'y' (yes) or 'n' (no):

        """
    }

    /// The end of every `project delete` answer; with `projectOnly` the whole transcript of a
    /// `project delete --files`.
    static func filesDeleted(_ deviceFile: String, _ agentFile: String, projectOnly: Bool = false) -> String {
        (projectOnly ? deletionQuestion(deviceFile, agentFile) + "\n" : "") + """
            Device/agent source files "\(deviceFile)", "\(agentFile)" are deleted successfully.
            Project is deleted successfully.
            IMPT COMMAND SUCCEEDS

            """
    }

    /// `project delete --all` in `dev`, which holds myDevice1 and the MyRC1 build; with
    /// `withProduct` it is the last project of MyProduct and deletes the Product too.
    /// `firstBuildSHA` is the guide's sha for the first build: the transcript compares shas by
    /// the order they first appear in the whole walkthrough.
    static func deleteDevProject(_ guide: Walkthrough, withProduct: Bool, firstBuildSHA: String) throws {
        let product = withProduct ? "Product:\n  id:   da0800ab-ad5f-c54e-949e-ec986efb0bf1\n  name: MyProduct\n" : ""
        let productDeleted = withProduct ? "Product \"da0800ab-ad5f-c54e-949e-ec986efb0bf1\" is deleted successfully.\n" : ""
        try guide.step(
            "project delete --all", input: "y\n",
            """
            The following entities will be deleted:
            \(product)Device Group:
              id:   c675ad8a-9d88-1d0f-e017-4a8c71bb0fd5
              type: development
              name: MyDevDG
            Deployment:
              id:  e0059ee6-2483-4ab1-50eb-e693e62155b7
              sha: \(firstBuildSHA)
            \(myRC1Deployment)

            The following Devices will be unassigned from Device Groups:
            \(myDevice1Assigned)

            The following Deployments are marked "flagged" to prevent deleting. They will be modified by setting "flagged" attribute to false:
            \(myRC1Deployment)

            \(deletionQuestion("myapp.device.nut", "myapp.agent.nut"))
            Device "234776801163a9ee" is unassigned successfully.
            Deployment "429c3a4c-947b-3d84-77f8-fa15cf3038b5" is updated successfully.
            Device Group "c675ad8a-9d88-1d0f-e017-4a8c71bb0fd5" is deleted successfully.
            \(productDeleted)Deployment "e0059ee6-2483-4ab1-50eb-e693e62155b7" is already deleted.
            Deployment "429c3a4c-947b-3d84-77f8-fa15cf3038b5" is already deleted.
            \(filesDeleted("myapp.device.nut", "myapp.agent.nut"))
            """)
        #expect(!guide.exists(".impt.project") && !guide.exists("myapp.device.nut") && !guide.exists("myapp.agent.nut"))
    }
}
