"""What shoppers tell the editors: the signals of theme/assets/hc/signals.js, read from the web
server's log by `helpcenter insights` (command.py) into a report (report.py) for a terminal
(text.py), tools (--json) and a static page (page.py)."""
