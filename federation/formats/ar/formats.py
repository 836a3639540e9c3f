"""Arabic number formats with Latin digits, as the pages print them (CLDR's "ar-latn").

Django's Arabic formats group no digits ("نحو 70000 منظمة"), and name "." the thousands
separator and "," the decimal one. Unicode's data for Arabic written with Latin digits groups
thousands with "," and marks decimals with ".", as the English pages do. The other Arabic
formats (dates, times) are Django's.
"""

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
