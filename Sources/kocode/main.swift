import KocodeCLI
