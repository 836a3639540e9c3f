"""Arabic formats as the pages print them, where Django's differ (the rest are Django's).

Numbers, with Latin digits as the pages write them (Unicode's "ar-latn"): Django's Arabic
formats group no digits ("نحو 70000 منظمة") and name "." the thousands separator and "," the
decimal one; Unicode's data groups thousands with "," and marks decimals with ".", as the
English pages do.

A moment: Django has no Arabic one and falls back to the English order and commas
("يناير 1, 2027, 10:30 ص"). Here it is the date as Django writes it in Arabic, then the time,
on the 24-hour clock every page uses: «1 يناير، 2027، 10:30».
"""

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

DATETIME_FORMAT = "j F، Y، H:i"
SHORT_DATETIME_FORMAT = "d‏/m‏/Y H:i"  # the right-to-left marks of Django's date
