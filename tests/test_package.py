"""The package's shape: its modules stand on each other in layers, with no circle of imports."""
import ast

from conftest import REPO

PACKAGE = REPO / "mnist_course"


def package_imports(path):
    """The package modules a file imports, anywhere in it (inside functions too)."""
    modules = {path.stem for path in PACKAGE.glob("*.py")} - {"__init__"}
    imported = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "mnist_course":
            imported |= {alias.name for alias in node.names} & modules
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("mnist_course."):
            imported.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[1] for alias in node.names
                         if alias.name.startswith("mnist_course.")}
    return imported


def test_no_module_of_the_package_imports_one_that_imports_it_back():
    graph = {path.stem: package_imports(path) for path in PACKAGE.glob("*.py")}
    circles = []

    def visit(module, path):
        for imported in sorted(graph.get(module, ())):
            if imported in path:
                circles.append(" -> ".join(path[path.index(imported):] + [imported]))
            else:
                visit(imported, path + [imported])

    for module in sorted(graph):
        visit(module, [module])
    assert not circles
