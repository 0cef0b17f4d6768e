#!/bin/sh
# /usr/bin/minorifamiglie: the installed application in /opt (the same command line as from a
# source checkout; without arguments it opens the window).
exec /opt/minorifamiglie/minorifamiglie "$@"
