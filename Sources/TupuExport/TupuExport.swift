// TupuExport
