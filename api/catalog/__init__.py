"""The catalogue: categories, products and their variants, public to read, staff to write."""
