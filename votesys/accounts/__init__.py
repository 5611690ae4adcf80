"""Staff accounts and roles (tài khoản, vai trò).

Staff sign in with a password: the secretariat (Ban tổ chức / Văn phòng), the credentials
committee (Ban thẩm tra tư cách đại biểu), counting committee members (Ban kiểm phiếu), the chair
(Đoàn Chủ tịch) and read-only observers. Delegates never have a password: they come in through
their QR card. What each role may do is listed in ``permissions.py`` and checked by the services.
"""
