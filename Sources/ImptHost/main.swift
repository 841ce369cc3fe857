#if canImport(Glibc)
import Glibc
#endif
import CImptSystem
import ImptHostKit

// Large buffers (request and response bodies, source code) go straight to mmap and back to the
// system when freed, instead of glibc raising its threshold and keeping them in the heap: a
// `build deploy` of megabytes stays within a few megabytes of its live data.
impt_malloc_release_large_buffers()
exit(ImptMain(arguments: Array(CommandLine.arguments.dropFirst())).run())
