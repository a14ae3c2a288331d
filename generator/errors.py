"""Errors a user can act on: each carries a Chinese message and the exit code."""

from __future__ import annotations

import errno


class NoticeError(Exception):
    """Bad input or a refused action. The CLI prints ``message`` and exits ``code``."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


# OSError's strerror is English; a clerk reads these instead.
_OS_ERRORS_CN = {
    errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.EROFS: "所在磁盘只读",
    errno.ENOENT: "路径不存在", errno.ENOTDIR: "路径中有一段不是文件夹", errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOSPC: "磁盘空间不足", errno.EDQUOT: "超出磁盘配额", errno.ENAMETOOLONG: "文件名过长",
    errno.ELOOP: "符号链接循环（链接指向自己）", errno.EEXIST: "已存在", errno.EBUSY: "文件正被占用",
}


def os_error_cn(exc: OSError) -> str:
    """The Chinese reason for an OSError (the English strerror only for rare ones)."""
    return _OS_ERRORS_CN.get(exc.errno or 0) or exc.strerror or str(exc)
