"""The Textual editor: the only part of cqfin-glossary that imports textual."""
