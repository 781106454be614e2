"""posSyncSales checks the text of each sale itself (a NUL or a lone surrogate rejects only its sale,
carts.services.sync_policy), so the request-wide NUL refusal (api.core.validation) steps aside for a
document that holds nothing but it."""

from graphql import OperationDefinitionNode, OperationType

SELF_CHECKING_MUTATIONS = frozenset({"posSyncSales", "posSaleSetAside"})


def checks_its_own_text(document) -> bool:
    """Every operation of the document is a mutation of posSyncSales alone (no fragments, no other
    field): its variables reach only the service that checks them sale by sale."""
    operations = [node for node in document.definitions if isinstance(node, OperationDefinitionNode)]
    if len(operations) != len(document.definitions) or not operations:
        return False
    for operation in operations:
        if operation.operation != OperationType.MUTATION:
            return False
        selections = operation.selection_set.selections
        names = {getattr(getattr(selection, "name", None), "value", None) for selection in selections}
        if not names or not names <= SELF_CHECKING_MUTATIONS:
            return False
    return True


def storable(text) -> bool:
    """A string without NUL and lone surrogates (PostgreSQL takes it)."""
    if not isinstance(text, str) or "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
