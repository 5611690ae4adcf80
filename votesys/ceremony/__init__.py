"""The key ceremony of the counting committee (lễ tạo khóa của Ban kiểm phiếu): t of n members
make the congress's election key together in their own browsers; nobody holds the whole key.
See docs/ceremony.md and docs/protocol.md §7."""
