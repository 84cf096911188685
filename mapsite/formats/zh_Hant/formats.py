# Hong Kong writes large numbers grouped in threes with commas (310,647) in Chinese as in English;
# Django's zh_Hant sets no separator (grouping in fours). Every other format comes from Django's.
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
