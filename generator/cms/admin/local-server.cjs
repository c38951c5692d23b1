// Runs decap-server (its path is the first argument) for `mkdocs serve`, and ends with it: the
// preview holds the other end of our standard input, which closes when it stops for any reason.
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
require(process.argv[2]);
