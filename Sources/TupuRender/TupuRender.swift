// TupuRender
