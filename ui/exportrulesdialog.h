// SPDX-License-Identifier: MIT
#pragma once
// File › Export Rules As…: the window's rules in a peer comparator's format (core/export,
// docs/export.md): Keploy globalNoise YAML, a diferencia ignore file, jd -opts JSON. Lists every
// rule with its status (exact / narrower / broader / omitted) and the reasons the core gives;
// broader rules are written only when "Allow broader rules" is ticked (then with a WARNING in the
// file). Optionally expands wildcards against the open store (read in the background). The file is
// written atomically (util/atomic_write.h).
#include <QDialog>
#include <QString>

#include <memory>

#include "core/export/peer_export.h"
#include "core/rules/rules.h"
#include "ui/jobtracker.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

namespace dt {

class ExportRulesDialog : public QDialog {
    Q_OBJECT
public:
    enum Column { RuleId, RuleText, Status, Exported, Reasons, ColumnCount };

    // `storePath`: the open store ("" or a database URI: no wildcard expansion offered).
    ExportRulesDialog(RuleConfig config, QString storePath, QWidget* parent = nullptr);
    ~ExportRulesDialog() override;

    void setFormat(peer::PeerFormat format);
    peer::PeerFormat format() const;
    void setAllowBroader(bool allow);
    // Expands wildcards and header globs against the open store; the store is read in the
    // background and shapesReady() is emitted when the export was recomputed with it.
    void setUseStore(bool use);
    void setEndpoint(const QString& endpoint);  // "" = every endpoint

    const peer::PeerExport& result() const { return m_result; }
    QString summary() const;
    QTableWidget* notesTable() const { return m_table; }
    QCheckBox* allowBroaderBox() const { return m_allowBroader; }
    QCheckBox* useStoreBox() const { return m_useStore; }
    QPushButton* saveButton() const { return m_save; }
    QPlainTextEdit* preview() const { return m_preview; }
    bool isReadingStore() const { return m_jobs.isRunning(); }

    // Writes the current export atomically. False + *error when nothing is exported or the write failed.
    // Diferencia: its header list (--ignoreHeadersValues) is written beside the file as
    // headersPathFor(path) (one header per line), atomically, when there is one; headersFile() then
    // names it ("" otherwise).
    bool writeTo(const QString& path, QString* error);
    static QString headersPathFor(const QString& path) { return path + QStringLiteral(".headers"); }
    QString headersFile() const { return m_headersFile; }
    static QString defaultFileName(peer::PeerFormat format);

signals:
    void exported(const QString& path);
    void shapesReady();

private:
    void refresh();
    void onSaveClicked();
    void readStoreShapes();

    RuleConfig m_config;
    QString m_storePath;
    peer::PeerExport m_result;
    std::shared_ptr<const peer::StoreShapes> m_shapes;
    JobTracker m_jobs;

    QComboBox* m_format = nullptr;
    QLineEdit* m_endpoint = nullptr;
    QCheckBox* m_useStore = nullptr;
    QCheckBox* m_allowBroader = nullptr;
    QLabel* m_summary = nullptr;
    QTableWidget* m_table = nullptr;
    QPlainTextEdit* m_preview = nullptr;
    QString m_headersFile;      // written by the last writeTo(), "" = none
    QLabel* m_extra = nullptr;  // headers (diferencia) and how to use the file
    QPushButton* m_save = nullptr;
};

}  // namespace dt
