"""The tourists' pages: thin views that read through storefront.selectors and write through
storefront.services."""
