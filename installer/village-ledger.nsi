; NSIS script of the Windows installer: 村级疫情防控台账 for the current user, without administrator rights.
;
;   makensis -INPUTCHARSET UTF8 -DAPP_VERSION=0.1.0 -DDIST_DIR=<absolute path of dist/village-ledger>
;            -DOUT_FILE=<setup .exe> installer/village-ledger.nsi
;
; (installer/build-windows.sh does this on Linux; .github/workflows/windows.yml on Windows.)
;
; Installs into %LOCALAPPDATA%\Programs\村级疫情防控台账 (the user may choose another folder), makes a
; Start-menu and a desktop shortcut and registers an uninstaller under HKCU (Settings > Apps).
; Silent: setup.exe /S [/D=folder]; uninstall.exe /S.
;
; The user's data (the ledger database and its backups) is not in the program folder: the program keeps it
; in platformdirs' user_data_dir("VillageLedger"), i.e. %LOCALAPPDATA%\VillageLedger (db/paths.py), and
; its window settings in %APPDATA%\VillageLedger\ui.ini. The uninstaller keeps both unless the user ticks
; "also delete my data" (and confirms), or passes /DELETEDATA; a silent uninstall keeps them.

Unicode true
; 64-bit by default: Debian's wine (64-bit only) cannot run a 32-bit installer. NSIS's official Windows
; release has no amd64 stubs, so a build there passes -DTARGET=x86-unicode (runs on any Windows too).
!ifndef TARGET
  !define TARGET amd64-unicode
!endif
Target ${TARGET}
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!ifndef APP_VERSION
  !error "define APP_VERSION, DIST_DIR and OUT_FILE (see the top of this file)"
!endif
!ifndef DIST_DIR
  !error "define DIST_DIR: the absolute path of the PyInstaller bundle folder (dist/village-ledger)"
!endif
!ifndef OUT_FILE
  !error "define OUT_FILE: the installer to write"
!endif
!ifndef VI_VERSION
  !define VI_VERSION "${APP_VERSION}.0"   ; X.Y.Z.0: the version resource wants four numbers
!endif

!define APP_NAME "村级疫情防控台账"
!define APP_EXE "village-ledger.exe"
!define UNINSTALLER "uninstall.exe"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\VillageLedger"
!define DATA_DIR "$LOCALAPPDATA\VillageLedger"      ; db/paths.py APP_DIR_NAME under platformdirs' user_data_dir
!define SETTINGS_DIR "$APPDATA\VillageLedger"       ; QSettings(IniFormat, UserScope, "VillageLedger", "ui")

Name "${APP_NAME}"
Caption "${APP_NAME} ${APP_VERSION} 安装"
UninstallCaption "${APP_NAME} 卸载"
OutFile "${OUT_FILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP_NAME}"
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
BrandingText "${APP_NAME} ${APP_VERSION}"
ShowInstDetails show
ShowUninstDetails show

!include MUI2.nsh
!include nsDialogs.nsh
!include LogicLib.nsh
!include FileFunc.nsh

!define MUI_ICON "icon.ico"
!define MUI_UNICON "icon.ico"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TEXT "本向导将在这台电脑上为当前用户安装 ${APP_NAME} ${APP_VERSION}，不需要管理员权限。$\r$\n$\r$\n台账数据保存在 ${DATA_DIR}，与程序分开存放：升级或重新安装程序不会影响已有数据。$\r$\n$\r$\n点击“下一步”继续。"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "现在运行 ${APP_NAME}"
!insertmacro MUI_PAGE_FINISH

UninstPage custom un.DataPageCreate un.DataPageLeave
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"

VIProductVersion "${VI_VERSION}"
VIFileVersion "${VI_VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductVersion" "${APP_VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileDescription" "${APP_NAME} 安装程序"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileVersion" "${APP_VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "LegalCopyright" ""

Var DeleteData      ; 1: the uninstaller also deletes DATA_DIR and the settings
Var DataCheckbox

Section "Install"
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  ; An older version's library folder goes first, so no stale module of it stays behind. Only the
  ; program's own subfolder: the user may have chosen a folder that holds other things.
  RMDir /r "$INSTDIR\_internal"
  File /r "${DIST_DIR}/*"
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"

  CreateShortCut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0
  CreateShortCut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0

  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${APP_VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "村民委员会"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" $0
SectionEnd

Function un.onInit
  SetShellVarContext current
  StrCpy $DeleteData 0
  ${un.GetParameters} $R0
  ClearErrors
  ${un.GetOptions} $R0 "/DELETEDATA" $R1
  ${IfNot} ${Errors}
    StrCpy $DeleteData 1
  ${EndIf}
FunctionEnd

; The uninstaller's first page: keep the data (the default) or delete it too.
Function un.DataPageCreate
  ${IfNot} ${FileExists} "${DATA_DIR}\*.*"
    Abort   ; no data folder: nothing to ask
  ${EndIf}
  !insertmacro MUI_HEADER_TEXT "保留台账数据" "卸载程序默认保留您的台账数据。"
  nsDialogs::Create 1018
  Pop $0
  ${If} $0 == error
    Abort
  ${EndIf}
  ${NSD_CreateLabel} 0 0 100% 60u "台账数据（数据库和全部备份）保存在：$\r$\n${DATA_DIR}$\r$\n$\r$\n卸载程序只删除程序文件，不删除这些数据；以后重新安装本程序即可继续使用。如需把数据带到别的电脑，请先用程序中的“文件 → 备份与恢复”备份到U盘。"
  Pop $0
  ${NSD_CreateCheckbox} 0 70u 100% 12u "同时删除我的台账数据和备份（无法恢复）"
  Pop $DataCheckbox
  ${If} $DeleteData == 1
    ${NSD_Check} $DataCheckbox
  ${EndIf}
  nsDialogs::Show
FunctionEnd

Function un.DataPageLeave
  ${NSD_GetState} $DataCheckbox $0
  ${If} $0 == ${BST_CHECKED}
    MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 "确定要永久删除 ${DATA_DIR} 中的台账数据和全部备份吗？$\r$\n删除后无法恢复。" IDYES confirmed
    Abort   ; "no": stay on the page
    confirmed:
    StrCpy $DeleteData 1
  ${Else}
    StrCpy $DeleteData 0
  ${EndIf}
FunctionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"
  ; The program's own files only, then the folder if that left it empty.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\${UNINSTALLER}"
  RMDir "$INSTDIR"
  DeleteRegKey HKCU "${UNINST_KEY}"
  ${If} $DeleteData == 1
    DetailPrint "删除台账数据：${DATA_DIR}"
    RMDir /r "${DATA_DIR}"
    Delete "${SETTINGS_DIR}\ui.ini"
    RMDir "${SETTINGS_DIR}"
  ${Else}
    DetailPrint "已保留台账数据：${DATA_DIR}"
  ${EndIf}
SectionEnd
