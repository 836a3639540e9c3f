"""English formats where Django's differ: a moment on the 24-hour clock every page uses
("Jan. 1, 2027, 10:30", not "10:30 a.m."), its date as Django writes it."""

DATETIME_FORMAT = "N j, Y, H:i"
SHORT_DATETIME_FORMAT = "m/d/Y H:i"
