import Foundation
import Testing

/// The "Typical Use-cases" of DevelopmentGuide-v2.md, command by command against a fresh
/// simulator each, with the guide's output (ids, shas and times aside). Where the guide and the
/// reference differ the reference wins; Docs/UserGuide.md ("Differences") lists those places:
/// `build run` also sets the min supported Deployment and updates the group (two more lines, and
/// older builds become removable), simulated devices log three `status` lines when they boot, and
/// the service deletes a group's Deployments with the group (`... is already deleted.`).
@Suite struct WalkthroughTests {
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
        try guide.step(
            "project delete --all", input: "y\n",
            """
            The following entities will be deleted:
            Product:
              id:   da0800ab-ad5f-c54e-949e-ec986efb0bf1
              name: MyProduct
            Device Group:
              id:   c675ad8a-9d88-1d0f-e017-4a8c71bb0fd5
              type: development
              name: MyDevDG
            Deployment:
              id:      e0059ee6-2483-4ab1-50eb-e693e62155b7
              sha:     f4756c7578aa69910a8857d8ec08ff15bc2d7e1a8fc8007caf98e3ea9fca07a3
              tags:    MyRC1
              flagged: true

            The following Devices will be unassigned from Device Groups:
            Device:
              id:            234776801163a9ee
              name:          myDevice1
              mac_address:   0c:2a:69:05:0d:62
              agent_id:      T1oUmIZ3At_N
              device_online: true

            The following Deployments are marked "flagged" to prevent deleting. They will be modified by setting "flagged" attribute to false:
            Deployment:
              id:      e0059ee6-2483-4ab1-50eb-e693e62155b7
              sha:     f4756c7578aa69910a8857d8ec08ff15bc2d7e1a8fc8007caf98e3ea9fca07a3
              tags:    MyRC1
              flagged: true

            The following files will be deleted:
            Device/agent source files: myapp.device.nut, myapp.agent.nut

            Project File in the current directory will be deleted.
            Are you sure you want to continue?
            Enter 'y' (yes) or 'n' (no):

            Device "234776801163a9ee" is unassigned successfully.
            Deployment "e0059ee6-2483-4ab1-50eb-e693e62155b7" is updated successfully.
            Device Group "c675ad8a-9d88-1d0f-e017-4a8c71bb0fd5" is deleted successfully.
            Product "da0800ab-ad5f-c54e-949e-ec986efb0bf1" is deleted successfully.
            Deployment "e0059ee6-2483-4ab1-50eb-e693e62155b7" is already deleted.
            Device/agent source files "myapp.device.nut", "myapp.agent.nut" are deleted successfully.
            Project is deleted successfully.
            IMPT COMMAND SUCCEEDS

            """)
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
            Device:
              id:            234776801163a9ee
              name:          myDevice1
              mac_address:   0c:2a:69:05:0d:62
              agent_id:      T1oUmIZ3At_N
              device_online: true
            Deployment "e0059ee6-2483-4ab1-50eb-e693e62155b7" is run successfully.
            Log stream for Device(s) 234776801163a9ee is opened.
            IMPT COMMAND SUCCEEDS

            Press <Ctrl-C> to exit.
            [234776801163a9ee] 2018-01-22T18:11:33.970Z [status] Agent restarted: reload.
            [234776801163a9ee] 2018-01-22T18:11:33.970Z [status] Device connected
            [234776801163a9ee] 2018-01-22T18:11:33.970Z [status] 0.01% program storage used
            [234776801163a9ee] 2018-01-22T18:11:33.975Z [agent.log] Data published successfully:
            [234776801163a9ee] 2018-01-22T18:11:33.976Z [agent.log] { "measureTime": "1516644693", "data": 1 }
            IMPT COMMAND SUCCEEDS

            """)
        try guide.step(
            #"build update --descr "My Release Candidate 1" --tag MyRC1 --flagged"#,
            """
            Deployment "e0059ee6-2483-4ab1-50eb-e693e62155b7" is updated successfully.
            IMPT COMMAND SUCCEEDS

            """)
    }
}
