import Foundation
import KocodeCLI

exit(Kocode.main(Array(CommandLine.arguments.dropFirst())))
