// impcentral-sim: a local impCentral API v5 server. All logic lives in the ImpcentralSim library.
import ImpcentralSim

SimMain.run(arguments: Array(CommandLine.arguments.dropFirst()))
