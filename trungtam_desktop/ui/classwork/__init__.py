"""One class's workspace: roster, timetable, attendance and results pages, and its window."""
