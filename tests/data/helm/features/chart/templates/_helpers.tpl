{{- define "features.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "features.image" -}}
{{- include "lib.image" (dict "image" .Values.image "global" .Values.global "appVersion" .Chart.AppVersion) -}}
{{- end -}}
