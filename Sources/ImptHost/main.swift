#if canImport(Glibc)
import Glibc
#endif
import ImptHostKit

exit(ImptMain(arguments: Array(CommandLine.arguments.dropFirst())).run())
