"""Teaching: the glossary, the narrator and the lessons, all Qt-free.

The glossary (``resources/glossary.toml``) explains every term the app shows; the
narrator turns events and the snapshot's thresholds into plain-language lines; lessons
(``resources/lessons/*.toml``) are a scenario plus checkpoints. The GUI (``ui/``) and the
commands (``explain``, ``lesson``) read them from here.
"""
